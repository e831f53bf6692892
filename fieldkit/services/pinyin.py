"""Pinyin search keys: the rule is pure and lives in :mod:`fieldkit.domain.pinyin` (the migrations
use it too, below the services)."""

from fieldkit.domain.pinyin import name_keys as name_keys
