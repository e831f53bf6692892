"""argparse's own messages (usage:, error:, "the following arguments are required", invalid
choice, --help's headings) in the user's language.

argparse looks its texts up through the module-level ``_`` / ``ngettext`` it imported from
gettext; :func:`install` points those names at :data:`MESSAGES` (argparse's English text → the
Chinese source text, marked for Qt) translated by the same translator as every other message:
Chinese by default, English again with ``--lang en`` (resources/translations/en/input.json)."""

from __future__ import annotations

import argparse

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate

CTX = "argparse"

#: argparse's English message → its Chinese (placeholders kept as argparse formats them)
MESSAGES: dict[str, str] = {
    "usage: ": N(CTX, "用法："),
    "positional arguments": N(CTX, "位置参数"),
    "options": N(CTX, "选项"),
    "optional arguments": N(CTX, "选项"),
    "show this help message and exit": N(CTX, "显示此帮助信息并退出"),
    "show program's version number and exit": N(CTX, "显示程序的版本号并退出"),
    "%(prog)s: error: %(message)s\n": N(CTX, "%(prog)s：错误：%(message)s\n"),
    "the following arguments are required: %s": N(CTX, "缺少以下必需的参数：%s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N(
        CTX, "无效的选项：%(value)r（可选：%(choices)s）"
    ),
    "unrecognized arguments: %s": N(CTX, "无法识别的参数：%s"),
    "argument %(argument_name)s: %(message)s": N(CTX, "参数 %(argument_name)s：%(message)s"),
    "invalid %(type)s value: %(value)r": N(CTX, "无效的 %(type)s 值：%(value)r"),
    "expected one argument": N(CTX, "需要一个值"),
    "expected at least one argument": N(CTX, "需要至少一个值"),
    "expected at most one argument": N(CTX, "最多只能有一个值"),
    "ambiguous option: %(option)s could match %(matches)s": N(
        CTX, "有歧义的选项：%(option)s 可以是 %(matches)s"
    ),
    "not allowed with argument %s": N(CTX, "不能与参数 %s 同时使用"),
    "one of the arguments %s is required": N(CTX, "必须提供参数 %s 之一"),
    "ignored explicit argument %r": N(CTX, "忽略了多余的值 %r"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": N(
        CTX, "未知的子命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": N(CTX, "无法打开“%(filename)s”：%(error)s"),
    "expected %s argument": N(CTX, "需要 %s 个值"),
    "expected %s arguments": N(CTX, "需要 %s 个值"),
}


def gettext(message: str) -> str:
    """argparse's ``_``: the message in the user's language (argparse's own text when unknown)."""
    source = MESSAGES.get(message)
    return message if source is None else translate(CTX, source)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Route argparse's messages through :func:`gettext` (call after the translator is installed)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
