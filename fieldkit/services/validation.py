"""Input validation with messages in the user's language: defined in
:mod:`fieldkit.domain.validation` (the server's importer uses it too); re-exported here with the
credit-code helpers of :mod:`fieldkit.domain.identifiers`."""

from __future__ import annotations

from fieldkit.domain.identifiers import USCC_AUTHORITIES as USCC_AUTHORITIES
from fieldkit.domain.identifiers import USCC_CHARSET as USCC_CHARSET
from fieldkit.domain.identifiers import USCC_WEIGHTS as USCC_WEIGHTS
from fieldkit.domain.identifiers import normalise_credit_code as normalise_credit_code
from fieldkit.domain.identifiers import to_halfwidth as to_halfwidth
from fieldkit.domain.identifiers import uscc_check_char as uscc_check_char
from fieldkit.domain.validation import one_of as one_of
from fieldkit.domain.validation import parse_date as parse_date
from fieldkit.domain.validation import require as require
from fieldkit.domain.validation import validate_credit_code as validate_credit_code
from fieldkit.domain.validation import validate_phone as validate_phone
