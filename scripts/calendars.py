#!/usr/bin/env python3
"""Built-in delivery calendars, generated from python-holidays.

    python3 scripts/calendars.py generate        # writes src/delivery/calendars.txt and the
                                                 # generated sections of docs/delivery.md
    python3 scripts/calendars.py check           # fails unless both are what `generate` writes
    python3 scripts/calendars.py oracle CLI      # every calendar the CLI has, year by year,
                                                 # against python-holidays and the exceptions

The CLI reads the generated table at bundle build time and the widget only ever sees the
dates of one validity window, so the library is a development-time dependency, pinned in
scripts/calendars-requirements.txt. Differences from the library are allowed only where
EXCEPTIONS below lists them with a source; carrier calendars (CARRIERS) say which public
holidays a carrier works on and which extra days it does not deliver, each with a source.
"""

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import holidays
from dateutil.easter import easter

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src/delivery/calendars.txt"
DOCS = ROOT / "docs/delivery.md"
PINNED = "0.109"

# Years the table covers: every validity window a build made with this release can have
# (18 months from any start up to 2044, plus the expansion slack).
FIRST_YEAR, LAST_YEAR = 2024, 2045

# Countries with their names as shown by `check --regions` and the docs. Every EU member,
# the EEA and the UK, Switzerland, North America, Australia, New Zealand and Japan.
COUNTRIES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
    "GB": "United Kingdom", "CH": "Switzerland", "NO": "Norway", "IS": "Iceland",
    "LI": "Liechtenstein",
    "US": "United States", "CA": "Canada", "AU": "Australia", "NZ": "New Zealand",
    "JP": "Japan",
}

# Countries whose subdivisions all use the national calendar: the US states' own holidays
# (Patriots' Day, Cesar Chavez Day, …) are worked by USPS, UPS and FedEx alike, so a
# state-level calendar would hold parcels back on days they arrive.
NATIONAL_ONLY = {"US"}

# Codes accepted beside the library's own, each naming the calendar it uses.
ALIASES = {
    "GB-EAW": ("GB-ENG", "England and Wales"),
    "FR-67": ("FR-6AE", "Bas-Rhin"),
    "FR-68": ("FR-6AE", "Haut-Rhin"),
}

# Where the built-in calendar differs from the library on purpose. Applied to the region
# and every subdivision of it that inherits the day; the oracle fails on any other
# difference, and on an exception that no longer changes anything.
EXCEPTIONS = [
    {
        "region": "NL",
        "holiday": "Good Friday",
        "change": "not a day off",
        "reason": "An official holiday, but no law makes it a day off and most firms work: "
        "\"at most companies you simply work on Good Friday\" (Rijksoverheid, translated).",
        "source": "https://www.rijksoverheid.nl/onderwerpen/arbeidsovereenkomst-en-cao/"
        "vraag-en-antwoord/goede-vrijdag-vrije-dag",
    },
]

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def library(code, years, categories=None, observed=True):
    """{date: name} from python-holidays for an ISO code, English names where it has them."""
    country, _, sub = code.partition("-")
    cls = holidays.country_holidays(country).__class__
    kwargs = {"years": years, "observed": observed}
    if sub:
        kwargs["subdiv"] = sub
    if "en_US" in getattr(cls, "supported_languages", ()):
        kwargs["language"] = "en_US"
    if categories:
        kwargs["categories"] = categories
    return dict(holidays.country_holidays(country, **kwargs).items())


def subdivisions(country):
    """ISO 3166-2 subdivisions the library knows, with a name; its city and school-zone
    calendars (\"Augsburg\", \"Zone A\") are left out."""
    cls = holidays.country_holidays(country).__class__
    names = {}
    for alias, code in getattr(cls, "subdivisions_aliases", {}).items():
        if len(alias) >= 3 and not alias.isupper() and code not in names:
            names[code] = alias
    return [
        (f"{country}-{s}", names.get(s, ""))
        for s in getattr(cls, "subdivisions", ())
        if re.fullmatch(r"[A-Z0-9]{1,3}", s)
    ]


def years_range():
    # Observed days cross New Year, so ask the library for the neighbouring years too.
    return range(FIRST_YEAR - 1, LAST_YEAR + 2)


def in_table(d):
    return FIRST_YEAR <= d.year <= LAST_YEAR


def exceptions_for(code):
    country = code.split("-")[0]
    return [e for e in EXCEPTIONS if e["region"] in (code, country)]


def public(code):
    """The built-in public-holiday calendar of a library code: the library minus the
    exceptions. {date: name}."""
    days = {d: n for d, n in library(code, years_range()).items() if in_table(d)}
    for e in exceptions_for(code):
        days = {d: n for d, n in days.items() if n != e["holiday"]}
    return days


# ------------------------------------------------------------------------------ carriers


def named(code, names, categories=None, observed=False):
    """Days of the library's calendar whose name is in `names` (observance not applied)."""
    got = {
        d: n
        for d, n in library(code, years_range(), categories, observed).items()
        if n in names
    }
    missing = set(names) - set(got.values())
    if missing:
        raise SystemExit(f"{code}: python-holidays has no {sorted(missing)}")
    return got


def sunday_to_monday(days):
    """A Sunday holiday also closes the Monday after; a Saturday one only the Saturday."""
    out = dict(days)
    for d, n in days.items():
        if d.weekday() == 6:
            out.setdefault(d + dt.timedelta(days=1), f"{n} (observed)")
    return out


def next_business_day(days):
    """A Saturday or Sunday holiday moves to the next weekday that is not one already."""
    out = dict(days)
    taken = {d for d in days if d.weekday() < 5}
    for d in sorted(days):
        if d.weekday() >= 5:
            s = d + dt.timedelta(days=1)
            while s.weekday() >= 5 or s in taken:
                s += dt.timedelta(days=1)
            taken.add(s)
            out[s] = f"{days[d]} (observed)"
    return out


US_FEDERAL = [
    "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
    "Juneteenth National Independence Day", "Independence Day", "Labor Day", "Columbus Day",
    "Veterans Day", "Thanksgiving Day", "Christmas Day",
]
UPS_FEDEX = [
    "New Year's Day", "Memorial Day", "Independence Day", "Labor Day", "Thanksgiving Day",
    "Christmas Day",
]


def usps(code):
    return sunday_to_monday(named(code, US_FEDERAL))


def ups_fedex(code):
    return sunday_to_monday(named(code, UPS_FEDEX))


def royal_mail(code):
    days = public(code)
    if code == "GB-SCT":
        # Scotland: Good Friday is a delivery day, Easter Monday is not.
        days = {d: n for d, n in days.items() if n != "Good Friday"}
        days.update(named("GB-ENG", ["Easter Monday"], observed=True))
    return days


def dhl_paket(code):
    days = public(code)
    if code == "DE-BE":
        days.update(named("DE-BB", ["Reformation Day"], observed=True))
    return days


def nth_weekday(year, month, weekday, n):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(weekday - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def canada_post(code):
    """Canada Post's published holiday schedule: national days everywhere, the provincial
    ones in their province; Family Day, Louis Riel Day and Islander Day are delivery days."""
    sub = code.partition("-")[2]
    days = {}
    for y in years_range():
        e = easter(y)
        may24 = dt.date(y, 5, 24)
        national = {
            dt.date(y, 1, 1): "New Year's Day",
            e - dt.timedelta(days=2): "Good Friday",
            e + dt.timedelta(days=1): "Easter Monday",
            may24 - dt.timedelta(days=may24.weekday()): "Victoria Day",
            dt.date(y, 7, 1): "Canada Day",
            nth_weekday(y, 9, 0, 1): "Labour Day",
            nth_weekday(y, 10, 0, 2): "Thanksgiving Day",
            dt.date(y, 11, 11): "Remembrance Day",
            dt.date(y, 12, 25): "Christmas Day",
            dt.date(y, 12, 26): "Boxing Day",
        }
        if y >= 2021:
            national[dt.date(y, 9, 30)] = "National Day for Truth and Reconciliation"
        days.update(national)
        if sub == "QC":
            days[dt.date(y, 6, 24)] = "Québec's National Holiday"
        elif sub == "YT":
            days[nth_weekday(y, 8, 0, 3)] = "Discovery Day"
        elif sub:
            days[nth_weekday(y, 8, 0, 1)] = "Civic Holiday"
    return {d: n for d, n in next_business_day(days).items() if in_table(d)}


CARRIERS = [
    {
        "id": "usps",
        "name": "USPS",
        "countries": ["US"],
        "rule": usps,
        "summary": "The 11 federal holidays; a Sunday one also closes the Monday after, a "
        "Saturday one only the Saturday (the Friday before is a delivery day). State "
        "holidays are delivery days.",
        "source": "https://about.usps.com/news/events-calendar/postal-holidays.htm",
    },
    {
        "id": "ups",
        "name": "UPS",
        "countries": ["US"],
        "rule": ups_fedex,
        "summary": "New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving "
        "and Christmas; a Sunday one also closes the Monday after. Delivers on the other "
        "federal holidays (Martin Luther King Jr. Day, Presidents' Day, Juneteenth, "
        "Columbus Day, Veterans Day).",
        "source": "https://www.savingadvice.com/articles/2019/05/31/1066929_ups-holiday-schedule.html",
    },
    {
        "id": "fedex",
        "name": "FedEx",
        "countries": ["US"],
        "rule": ups_fedex,
        "summary": "The same six holidays as UPS (FedEx Ground and Home Delivery); open on "
        "Martin Luther King Jr. Day, Presidents' Day, Juneteenth, Columbus Day and "
        "Veterans Day.",
        "source": "https://heavy.com/entertainment/2020/07/fedex-delivery-open-closed-july-4th-2020/",
    },
    {
        "id": "royal-mail",
        "name": "Royal Mail",
        "countries": ["GB"],
        "rule": royal_mail,
        "summary": "No collections or deliveries on bank holidays; in Scotland Good Friday "
        "is a normal delivery day and Easter Monday is not.",
        "source": "http://metro.co.uk/2017/04/14/is-there-post-over-easter-weekend-when-does-"
        "royal-mail-deliver-over-easter-6574612/",
    },
    {
        "id": "dhl-paket",
        "name": "DHL Paket",
        "countries": ["DE"],
        "rule": dhl_paket,
        "summary": "No deliveries on nationwide holidays nor, in a state, on its own public "
        "holidays; in Berlin none on Reformation Day either, a Brandenburg holiday that "
        "closes the Brandenburg parcel centres serving Berlin (Deutsche Post, 2020). "
        "Christmas Eve and New Year's Eve are delivery days.",
        "source": "https://www.tagesspiegel.de/berlin/reformationstag-in-brandenburg-"
        "berliner-erhalten-am-samstag-keine-dhl-pakete/26576842.html",
    },
    {
        "id": "canada-post",
        "name": "Canada Post",
        "countries": ["CA"],
        "rule": canada_post,
        "summary": "Closed on national, provincial and territorial holidays, a weekend one "
        "moving to the next business day; regular delivery on Family Day, Louis Riel Day "
        "and Islander Day.",
        "source": "https://origin-www.canadapost.ca/cpc/en/support/kb/"
        "other-products-services/post-office/find-out-operating-hours-on-holidays",
    },
    {
        "id": "australia-post",
        "name": "Australia Post",
        "countries": ["AU"],
        "rule": public,
        "summary": "No deliveries on national public holidays nor, in a state or "
        "territory, on its own public holidays.",
        "source": "https://post-office-holidays.com/australia-post-office-holidays-2015",
    },
]

# ------------------------------------------------------------------------------ the table


def regions():
    """(code, name, country) of every public calendar, countries first."""
    out = []
    for c in sorted(COUNTRIES):
        out.append((c, COUNTRIES[c], c))
        if c not in NATIONAL_ONLY:
            out.extend((code, name, c) for code, name in sorted(subdivisions(c)))
    return out


def mmdd(d):
    return f"{d.month:02}{d.day:02}"


def by_year(days):
    out = {y: [] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    for d in sorted(days):
        if in_table(d):
            out[d.year].append(d)
    return out


def delta(days, base):
    """`+MMDD`/`-MMDD` tokens per year turning `base` into `days`."""
    out = {}
    for y, ds in by_year(days).items():
        have, was = set(ds), set(by_year(base)[y])
        toks = [f"+{mmdd(d)}" for d in sorted(have - was)]
        toks += [f"-{mmdd(d)}" for d in sorted(was - have)]
        out[y] = toks
    return out


def table():
    """The text of src/delivery/calendars.txt."""
    lines = [
        f"# Public holidays and carrier non-delivery days, {FIRST_YEAR}–{LAST_YEAR}.",
        f"# Generated by scripts/calendars.py from python-holidays {holidays.__version__}; "
        "do not edit, rerun it.",
        "# country CODE NAME | region CODE NAME | alias CODE CALENDAR NAME |",
        "# carrier ID NAME COUNTRIES SOURCE (tab-separated), then one line per calendar and",
        "# year: CODE YEAR MMDD… for a country; CODE YEAR +MMDD/-MMDD… against the country",
        "# for a region, against the public calendar of REGION for a carrier's ID:REGION.",
        f"library\tpython-holidays {holidays.__version__}",
        f"years\t{FIRST_YEAR}\t{LAST_YEAR}",
    ]
    regs = regions()
    for code, name, country in regs:
        kind = "country" if code == country else "region"
        lines.append(f"{kind}\t{code}\t{name}")
    for c in sorted(NATIONAL_ONLY):
        for code, name in sorted(subdivisions(c)):
            lines.append(f"alias\t{code}\t{c}\t{name}")
    for code, (target, name) in sorted(ALIASES.items()):
        lines.append(f"alias\t{code}\t{target}\t{name}")
    for k in CARRIERS:
        lines.append(
            f"carrier\t{k['id']}\t{k['name']}\t{','.join(k['countries'])}\t{k['source']}"
        )
    cals = {}
    for code, _, country in regs:
        days = public(code)
        cals[code] = days
        if code == country:
            for y, ds in by_year(days).items():
                lines.append(" ".join([code, str(y)] + [mmdd(d) for d in ds]))
        else:
            for y, toks in delta(days, cals[country]).items():
                if toks:
                    lines.append(" ".join([code, str(y)] + toks))
    for k in CARRIERS:
        for code, _, country in regs:
            if country not in k["countries"]:
                continue
            for y, toks in delta(k["rule"](code), cals[code]).items():
                if toks:
                    lines.append(" ".join([f"{k['id']}:{code}", str(y)] + toks))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ the docs

BEGIN = "<!-- generated by scripts/calendars.py: {} -->"
END = "<!-- end of generated {} -->"


def docs_sections():
    regs = regions()
    cov = [
        f"{len(COUNTRIES)} countries, {len(regs) - len(COUNTRIES)} subdivisions with calendars "
        f"of their own, {FIRST_YEAR}–{LAST_YEAR}, from python-holidays "
        f"{holidays.__version__} (`shop-answers check --regions` prints the same list):",
        "",
        "| country | subdivisions |",
        "|---|---|",
    ]
    for c in sorted(COUNTRIES):
        subs = [code for code, _, country in regs if country == c and code != c]
        if c in NATIONAL_ONLY:
            text = "national calendar only (every state and territory uses it, see below)"
        else:
            text = ", ".join(subs) if subs else "—"
        cov.append(f"| {c} {COUNTRIES[c]} | {text} |")
    cov.append("")
    cov.append(
        "Also accepted: "
        + ", ".join(f"`{a}` ({n}, the `{t}` calendar)" for a, (t, n) in sorted(ALIASES.items()))
        + "; `US-XX` for every state and territory, on the federal calendar."
    )
    exc = [
        "| calendar | holiday in python-holidays | built-in calendar | why | source |",
        "|---|---|---|---|---|",
    ]
    for e in EXCEPTIONS:
        exc.append(
            f"| {e['region']} | {e['holiday']} | {e['change']} | {e['reason']} | <{e['source']}> |"
        )
    car = ["| `carrier` | name | countries | non-delivery days | source |", "|---|---|---|---|---|"]
    for k in CARRIERS:
        car.append(
            f"| `{k['id']}` | {k['name']} | {', '.join(k['countries'])} | {k['summary']} | <{k['source']}> |"
        )
    return {"coverage": cov, "exceptions": exc, "carriers": car}


def docs_text():
    text = DOCS.read_text()
    for name, body in docs_sections().items():
        b, e = BEGIN.format(name), END.format(name)
        if b not in text or e not in text:
            raise SystemExit(f"{DOCS}: markers for {name!r} missing ({b} … {e})")
        head, rest = text.split(b, 1)
        _, tail = rest.split(e, 1)
        text = head + b + "\n" + "\n".join(body) + "\n" + e + tail
    return text


# ------------------------------------------------------------------------------ the oracle


def oracle(cli):
    """Every public calendar the CLI has against the library with the exceptions applied,
    and every carrier calendar against its rule, for every year of the table."""
    out = subprocess.run(
        [cli, "check", "--regions", "--json"], check=True, capture_output=True, text=True
    ).stdout
    got = json.loads(out)
    failures = []
    cals = got["calendars"]
    want_codes = {code for code, _, _ in regions()}
    if set(cals) != want_codes | {f"{k['id']}:{code}" for k in CARRIERS for code, _, c in regions() if c in k["countries"]}:
        failures.append("the CLI's calendars are not the generator's")
    used = {id(e): 0 for e in EXCEPTIONS}
    compared = 0
    for code, _, country in regions():
        lib = {d: n for d, n in library(code, years_range()).items() if in_table(d)}
        have = {dt.date.fromisoformat(s) for s in cals.get(code, [])}
        for d in sorted(set(lib) | have):
            compared += 1
            if (d in lib) == (d in have):
                continue
            why = [e for e in exceptions_for(code) if d in lib and d not in have and lib[d] == e["holiday"]]
            if why:
                used[id(why[0])] += 1
            else:
                side = f"python-holidays has {lib[d]!r}" if d in lib else "only the CLI has it"
                failures.append(f"{code} {d}: {side}")
    for e in EXCEPTIONS:
        if not used[id(e)]:
            failures.append(f"exception {e['region']} {e['holiday']!r} changes nothing: remove it")
    for k in CARRIERS:
        for code, _, country in regions():
            if country not in k["countries"]:
                continue
            want = {d for d in k["rule"](code) if in_table(d)}
            have = {dt.date.fromisoformat(s) for s in cals.get(f"{k['id']}:{code}", [])}
            compared += len(want | have)
            for d in sorted(want ^ have):
                failures.append(f"{k['id']}:{code} {d}: {'missing' if d in want else 'extra'}")
    # Aliases resolve to the calendar they name.
    for a, target in got["aliases"].items():
        if a in ALIASES and ALIASES[a][0] != target:
            failures.append(f"alias {a} → {target}, expected {ALIASES[a][0]}")
    n = len(regions())
    print(
        f"oracle: {n} public calendars ({len(COUNTRIES)} countries) and "
        f"{sum(1 for k in CARRIERS for _, _, c in regions() if c in k['countries'])} carrier "
        f"calendars, {FIRST_YEAR}–{LAST_YEAR}, {compared} dates compared with python-holidays "
        f"{holidays.__version__}; {sum(used.values())} differences, all listed exceptions "
        f"({len(EXCEPTIONS)} rules)"
        if not failures
        else f"oracle: {len(failures)} unexplained difference(s)"
    )
    for f in failures[:50]:
        print("  " + f)
    return not failures


def main(argv):
    if holidays.__version__ != PINNED:
        raise SystemExit(
            f"python-holidays {holidays.__version__} is not the pinned {PINNED}: run scripts/setup.sh"
        )
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "generate":
        TABLE.write_text(table())
        DOCS.write_text(docs_text())
        print(f"wrote {TABLE.relative_to(ROOT)} ({TABLE.stat().st_size} bytes) and {DOCS.relative_to(ROOT)}")
    elif cmd == "check":
        stale = [p for p, t in ((TABLE, table()), (DOCS, docs_text())) if p.read_text() != t]
        if stale:
            for p in stale:
                print(f"{p.relative_to(ROOT)} is not what python-holidays {holidays.__version__} gives: "
                      "run `python3 scripts/calendars.py generate` and review the diff")
            return 1
        print(f"calendars: {TABLE.relative_to(ROOT)} and the docs are current")
    elif cmd == "oracle" and len(argv) == 3:
        return 0 if oracle(argv[2]) else 1
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
