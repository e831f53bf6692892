"""Interface language: Qt translators for the window and for the services' marked messages.

Source strings are Chinese, so zh_CN needs no .qm file (Qt's own dialogs get qtbase_zh_CN when
Qt ships it); English loads ``resources/translations/fieldkit_en.qm``. Switching is live: the
old translators are removed, the new ones installed, and :attr:`LanguageManager.language_changed`
tells the windows to re-set their texts (they call ``retranslate()``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from fieldkit.config import RESOURCES
from fieldkit.services import i18n

TRANSLATIONS = RESOURCES / "translations"
LANGUAGES = ("zh_CN", "en")


def qt_translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def normalise(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else "zh_CN"


class LanguageManager(QObject):
    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.language = "zh_CN"
        self._installed: list[QTranslator] = []
        i18n.set_translator(qt_translate)

    def apply(self, lang: str | None) -> bool:
        """Install ``lang``; returns False when its .qm file is missing (Chinese stays)."""
        lang = normalise(lang)
        for tr in self._installed:
            self.app.removeTranslator(tr)
            tr.deleteLater()
        self._installed = []
        ok = True
        if lang == "en":
            tr = QTranslator(self)
            ok = tr.load(str(TRANSLATIONS / "fieldkit_en.qm"))
            if ok:
                self.app.installTranslator(tr)
                self._installed.append(tr)
            else:
                lang = "zh_CN"
        else:
            qt_tr = QTranslator(self)
            if qt_tr.load(
                QLocale(QLocale.Language.Chinese, QLocale.Country.China),
                "qtbase",
                "_",
                QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            ):
                self.app.installTranslator(qt_tr)
                self._installed.append(qt_tr)
        QLocale.setDefault(
            QLocale(
                QLocale.Language.English if lang == "en" else QLocale.Language.Chinese,
                QLocale.Country.UnitedStates if lang == "en" else QLocale.Country.China,
            )
        )
        changed = lang != self.language
        self.language = lang
        i18n.set_language(lang)
        if changed:
            self.language_changed.emit(lang)
        return ok
