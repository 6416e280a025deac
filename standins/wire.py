"""E-utilities reply bodies, in the shapes NCBI really sends (see ../shared/fixtures/ncbi/).

- esearch retmode=json: journal_club_2017/practice_ids.fcgi (header + esearchresult).
- esearch XML: biopython Entrez/esearch1.xml; no hits: esearch8.xml (WarningList "No items found.").
- XML error bodies: biopython Entrez/epost2.xml and esummary8.xml (a tab-indented <ERROR>).
- Invalid db with retmode=json is `{"esearchresult":{"ERROR":"Invalid db name specified: ..."}}`
  with HTTP 200 (quoted in https://github.com/ropensci/rentrez/pull/208).
- The 429 body is NCBI's documented example (https://www.ncbi.nlm.nih.gov/books/NBK25497/).
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

RATE_LIMIT_BODY = '{"error":"API rate limit exceeded","count":"%d"}'

_ESEARCH_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
_EFETCH_ERROR_HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n'


def rate_limit_body(count: int) -> bytes:
    return (RATE_LIMIT_BODY % count).encode()


def esearch_json(*, count: int, retstart: int, ids: list[str], translation: str) -> bytes:
    """An esearch retmode=json reply. `retmax` is the number of ids returned, as NCBI prints it."""
    result: dict[str, object] = {
        "count": str(count),
        "retmax": str(len(ids)),
        "retstart": str(retstart),
        "idlist": ids,
        "translationset": [],
        # NOTE: NCBI's stack is the parsed query in reverse Polish notation; the stand-in's backend
        # reports one translated expression, so the stack holds that one term and "GROUP".
        "translationstack": [
            {"term": translation, "field": "All Fields", "count": str(count), "explode": "N"},
            "GROUP",
        ],
        "querytranslation": translation,
    }
    if count == 0:
        result["warninglist"] = {
            "phrasesignored": [],
            "quotedphrasesnotfound": [],
            "outputmessages": ["No items found."],
        }
    body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
    return json.dumps(body, indent=4).encode()


def esearch_xml(*, count: int, retstart: int, ids: list[str], translation: str) -> bytes:
    """An esearch XML reply (the default retmode), laid out like esearch1.xml / esearch8.xml."""
    id_list = (
        "<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in ids) + "</IdList>" if ids else "<IdList/>"
    )
    warning = (
        "<WarningList><OutputMessage>No items found.</OutputMessage></WarningList>"
        if count == 0
        else ""
    )
    return (
        _ESEARCH_DOCTYPE
        + f"<eSearchResult><Count>{count}</Count><RetMax>{len(ids)}</RetMax>"
        + f"<RetStart>{retstart}</RetStart>{id_list}<TranslationSet/>"
        + f"<QueryTranslation>{escape(translation)}</QueryTranslation>{warning}</eSearchResult>"
    ).encode()


def esearch_error(message: str, *, json_mode: bool) -> bytes:
    """An esearch error answered with HTTP 200, as NCBI does."""
    if json_mode:
        return json.dumps({"esearchresult": {"ERROR": message}}).encode()
    return (
        _ESEARCH_DOCTYPE + f"<eSearchResult>\n\t<ERROR>{escape(message)}</ERROR>\n</eSearchResult>"
    ).encode()


def efetch_error(message: str) -> bytes:
    """An efetch error body (eFetchResult/ERROR, tab-indented like the other utilities' errors)."""
    return (
        _EFETCH_ERROR_HEAD + f"<eFetchResult>\n\t<ERROR>{escape(message)}</ERROR>\n</eFetchResult>"
    ).encode()
