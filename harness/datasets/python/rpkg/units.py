"""Units and codings in the words of a help page: `Wage (in dollars per hour).`, `in $1000s`,
`Age in years`, `Weight loss in last six months (pounds)`, `1=censored, 2=dead`."""
import re

_UNIT_WORDS = (
    r"\$\s?\d[\d,]*'?s?|US\$|U\.S\. ?\$|\$|dollars?|USD|cents?|euros?|EUR|pounds? sterling|DM|yen|francs?|"
    r"years?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?|milliseconds?|msec|ms|"
    r"percent(?:age)?(?: points?)?|per ?cent|%|"
    r"degrees?(?: (?:Celsius|Fahrenheit|C|F|centigrade))?|Celsius|Fahrenheit|Kelvin|"
    r"thousands?|millions?|billions?|hundreds?|1,?000s?|10,?000s?|100,?000s?|"
    r"pounds?|lbs?|kg|kilograms?|grams?|g|mg|micrograms?|ug|ml|millilit(?:re|er)s?|lit(?:re|er)s?|gallons?|ounces?|oz|"
    r"cm|mm|km|m|met(?:re|er)s?|centimet(?:re|er)s?|millimet(?:re|er)s?|kilomet(?:re|er)s?|miles?|inch(?:es)?|feet|foot|ft|yards?|"
    r"square (?:feet|met(?:re|er)s|kilomet(?:re|er)s|miles)|sq\.? ?(?:ft|m|km|mi)|hectares?|acres?|"
    r"parts per (?:\d+ )?(?:hundred|thousand|million|billion)|mm ?Hg|mmol/l|mg/dl|g/dl|ppm|ppb|Hz|kHz|dB|watts?|kWh|calories|kcal|bpm|beats per minute|mph|km/h|"
    r"units of [a-z ]+"
)
# An optional qualifier or multiplier before the unit (`1985 dollars`, `1000 US dollars`) and after it (`USD 1000s`).
_UNIT = rf"(?:(?:\d[\d,]*'?s?|US|U\.S\.|constant|current|real|nominal|annual|monthly|weekly|daily|hourly|local)\s+)*(?:{_UNIT_WORDS})(?:\s+\d[\d,]*'?s)?"
_TAIL = r"(?:\s+of\s+(?:\d{4}\s+)?(?:US\s+)?(?:dollars|USD|euros|pounds|DM|kg|tons|tonnes))?(?:\s*(?:per|/|a)\s+[A-Za-z0-9$,.]+(?:\s+(?:of\s+)?[A-Za-z]+)?)?"
_PATTERNS = [
    re.compile(rf"\(\s*in\s+({_UNIT}{_TAIL})\s*\)", re.I),
    re.compile(rf"\bin\s+(?:units\s+of\s+)?({_UNIT}{_TAIL})(?=$|[\s.,;:)])", re.I),
    re.compile(rf"\(\s*({_UNIT}{_TAIL})\s*\)", re.I),
    re.compile(rf"\b(?:number|count) of\s+(years|months|weeks|days|hours|minutes|seconds)\b", re.I),
    re.compile(r"\b(per (?:capita|\$?[0-9][0-9,]*(?: [a-z]+)?))\b", re.I),
]
# Words that follow "in" without being a unit: `in m` of "in mind", `in g` of ...
_TRAILING_STOP = re.compile(r"\s+(?:of|the|and|or|for|from|since|at|on|with)$", re.I)


def parse_unit(text):
    """The unit a description states, as written (`dollars per hour`, `$1000s`, `years`), or None."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            unit = _TRAILING_STOP.sub("", match.group(1).strip(" .,;"))
            if unit:
                return unit
    return None


# `1 = yes` (the label runs up to the next separator or the next `N =`) or `Male = 1`.
_PAIR = r"(?:-?\d+(?:\.\d+)?\s*=\s*(?:(?!\s*[,;]?\s*-?\d+(?:\.\d+)?\s*=)[^,;=()])+|[A-Za-z][\w.'-]*\s*=\s*-?\d+(?:\.\d+)?)"
_CODING = re.compile(rf"{_PAIR}(?:\s*(?:,|;|or|and|\s)\s*{_PAIR})+|=\s*1 if [^;)]+(?:;\s*0 otherwise)?|\b1 if [^;)]+(?:;|,)?\s*0 (?:if [^;).]+|otherwise)", re.I)


def parse_coding(text):
    """A coding a description states (`1=censored, 2=dead`, `Male=1 Female=2`, `= 1 if ...; 0 otherwise`)."""
    match = _CODING.search(text)
    return match.group(0).strip(" .,;") if match else None
