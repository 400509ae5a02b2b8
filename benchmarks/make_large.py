"""Write a large, realistic PracticePanther-style export for the scale benchmarks.

    python benchmarks/make_large.py OUT_DIR [--time-entries N] [--contacts N] [--matters N] [--seed S]

Writes into OUT_DIR (created if needed):

    Contacts Export 2026-11-10.csv       --contacts rows      (default   200,000)
    Matters Export 2026-11-10.csv        --matters rows       (default   100,000)
    Time Entries Export 2026-11-10.csv   --time-entries rows  (default 1,000,000)
    users.csv                            the firm's Clio users (the roster)
    .make_large.json                     parameters and the number of each defect injected
                                         (a dot-file: clio-prep does not read it)

Headers and value styles follow the PracticePanther samples (/work/shared/samples/practicepanther):
"$450.00" rates, "Yes"/"No" Billable and Billed, M/D/YYYY dates, "Matter Name" naming matters by
their description, users by full name, clients as "1123 - Bridgeport Plumbing Co.", UTF-8 with BOM.

The usual defects are injected at low, realistic rates (see RATES): blank users, users no longer
on the roster, unknown matters, hours such as "TBD" or "1..5", formula-like cells, notes with line
breaks, duplicate contacts, contacts with no name, phone numbers in the email column, matters with
a duplicate number, no client, an unknown client or no description; about 70% of time entries
older than 60 days are billed.

Rows are streamed to csv.writer: memory stays small whatever the size (the matter descriptions are
kept, one string per matter, because time entries refer to matters by description). The output
depends only on the arguments: the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import time
import unicodedata
from collections import Counter

EXPORT_DATE = dt.date(2026, 11, 10)
STAMP = f"{EXPORT_DATE:%Y-%m-%d}"
CONTACTS_FILE = f"Contacts Export {STAMP}.csv"
MATTERS_FILE = f"Matters Export {STAMP}.csv"
TIME_FILE = f"Time Entries Export {STAMP}.csv"
USERS_FILE = "users.csv"

# Probability of each defect per row (the brief: ~0.1-1%).
RATES = {
    # contacts
    "contact_duplicate": 0.005,
    "contact_no_name": 0.001,
    "contact_phone_in_email": 0.001,
    "contact_formula_like": 0.0005,
    # matters
    "matter_duplicate_number": 0.001,
    "matter_no_client": 0.002,
    "matter_unknown_client": 0.001,
    "matter_no_description": 0.001,
    "matter_formula_like": 0.0005,
    # time entries
    "time_blank_user": 0.003,
    "time_former_user": 0.004,  # a user who left the firm: not in users.csv
    "time_unknown_matter": 0.002,
    "time_bad_hours": 0.003,
    "time_formula_like": 0.001,
    "time_multiline_note": 0.0005,
}
OLD_BILLED = 0.70  # share of time entries older than BILLED_AGE_DAYS that were billed
RECENT_BILLED = 0.05
BILLED_AGE_DAYS = 60

CONTACT_HEADERS = [
    "Contact: Number", "Contact: DisplayName", "Contact: FirstName", "Contact: MiddleName", "Contact: LastName",
    "Contact: CompanyName", "Contact: Email", "Contact: MobileNumber", "Contact: OfficeNumber", "Contact: HomeNumber",
    "Contact: FaxNumber", "Contact: Street1", "Contact: Street2", "Contact: City", "Contact: ProvinceState",
    "Contact: ZipPostalCode", "Contact: Country", "Contact: ContactNotes", "Contact: CompanyNotes", "Contact: Tags",
    "Contact: Website", "Contact: AssignedTo", "Contact: Preferred Contact Method", "URL", "Contact: Prefix", "Contact: Type",
]
MATTER_HEADERS = [
    "Matter", "Contact", "Status", "Open Date", "Close Date", "Statute of Limitations", "Matter Rate", "Assigned To",
    "Notes", "Number", "Billable", "Trust", "Operating", "Invoices Due", "Tags",
]
TIME_HEADERS = ["Entry Date", "User", "Hours", "Note", "Matter Name", "Task Category", "Rate", "Total", "Billable", "Billed"]

FIRST = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly
Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Dorothy
Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Brenda Stephen
Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel Christine Gregory Helen Alexander Debra
Patrick Rachel Frank Carolyn Raymond Janet Jack Maria Dennis Catherine Jerry Heather Tyler Diane Aaron Olivia Jose Julie Adam Joyce
Nathan Victoria Henry Ruth Zachary Virginia Douglas Lauren Peter Kelly Kyle Christina Noah Joan Ethan Evelyn Jeremy Judith Walter
Andrea Christian Hannah Keith Megan Roger Cheryl Terry Jacqueline Austin Martha Sean Madison Gerald Teresa Carl Gloria Harold Sara
Dylan Janice Arthur Ann Lawrence Kathryn Jordan Abigail Jesse Sophia Bryan Frances Billy Jean Bruce Alice Gabriel Judy Joe Isabella
Logan Julia Alan Grace Juan Amber Albert Denise Willie Danielle Elijah Marilyn Wayne Beverly Randy Charlotte Vincent Natalie Mason
Theresa Roy Diana Ralph Brittany Bobby Doris Russell Kayla Bradley Alexis Philip Lori Eugene Marie Cedric Genevieve Sabrina Gideon
Gustavo Björn Anita Jasper Meredith Edgar Darnell Franklin Zoë Renée José Chloé Søren Françoise Nuñez Siobhán Aoife Dmitri Ngozi
Priya Arjun Mei Hiroshi Yusuf Fatima Omar Leila Mateo Valentina Kwame Amara Ingrid Lars Astrid Mohammed Aisha Wei Jin""".split()

LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas
Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly
Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders
Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera
Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells
Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels
Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos
Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
Johnston Matthews Peña Richards Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega Watkins Greene Nuñez
Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch
Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett
Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia
Davidson Acosta Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Ávila
Wade Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal
Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele
Vaughn Becker Holt DeLeon Barker Terry Hale Leon Hail Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera
McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes
Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu Ramsey Devereux
Pickering Dalton Holloway Goddard Dufresne Aldridge Lefèvre MacAllister Adeyemi Ashworth Goldberg Wainwright Müller Kowalski Nováková
Østergaard Szabó Łukasik O'Connor D'Angelo""".split() + ["St. John", "Van der Berg"]

COMPANY_A = """Bridgeport Cardinal Valley Sapphire Summit Harbor Pinecrest Lakeside Redwood Granite Silverline Northgate Evergreen
Blue Ridge Ironwood Maple Coastal Meridian Keystone Liberty Pioneer Riverbend Oakmont Highland Westfield Sterling Crescent Beacon
Cedar Prairie Golden Falcon Heritage Horizon Orchard Union Atlas Copper Willow Stonebridge Brightwater Fairview Hillcrest""".split()
COMPANY_B = """Plumbing Foods Brewing Bakery Logistics Dental Realty Construction Motors Partners Holdings Capital Consulting Design
Software Landscaping Roofing Medical Trucking Farms Textiles Electric Insurance Hospitality Restaurants Imports Media Labs
Pharmacy Auto Group Ventures Outfitters Properties Manufacturing Studios""".split()
COMPANY_C = ["LLC", "Inc.", "Co.", "LLP", "Corp.", "Ltd.", "Group", "PLLC", "& Sons", ""]

MATTER_TYPES = """Divorce|Custody|Estate Plan Update|Will|Trust Administration|Probate|Sale of Property|Purchase of Property|
Commercial Lease|Breach of Contract|Collections|Personal Injury|Auto Accident|Slip and Fall|Workers' Compensation|DUI Defense|
Expungement|Green Card|Visa Application|Naturalization|Bankruptcy Ch. 7|Bankruptcy Ch. 13|Employment Dispute|Wrongful Termination|
Business Formation|Trademark Registration|Contract Review|Landlord-Tenant|Guardianship|Adoption|Prenuptial Agreement|
Partnership Dispute|Zoning Appeal|Medical Malpractice|Debt Settlement|Tax Appeal""".replace("\n", "").split("|")

TASKS = ["Drafting", "Client Meeting", "Negotiation", "Research", "Court Appearance", "Travel", "Correspondence", "Filing",
         "Telephone Call", "Discovery", "Review"]
VERBS = ["Review", "Draft", "Revise", "Prepare", "Edit", "Research", "Finalize", "Analyze", "Summarize", "Attend hearing on",
         "Telephone conference with client re", "Call with opposing counsel re", "Email to client re", "Meeting with client re",
         "Travel to courthouse for hearing on", "Correspondence with court re", "Conference with paralegal re"]
OBJECTS = ["settlement agreement", "expert report", "financial affidavit", "deposition outline", "discovery responses",
           "closing documents", "purchase agreement", "motion to compel", "medical records", "interrogatories",
           "lease amendment", "estate inventory", "trust instrument", "client's \u201cfinal\u201d draft of settlement agreement",
           "opposing counsel's proposal", "court order", "mediation statement", "demand letter", "title report", "K-1 forms",
           "parenting plan", "asset schedule", "witness list", "retainer agreement", "subpoena", "invoice dispute, costs, and fees"]
FORMULAS = ["=HYPERLINK(\"http://example.com\",\"file\")", "=SUM(A1:A3)", "+ call with client, left voicemail", "-see prior entry",
            "@Sarah please review", "=1+1", "-- no charge --", "+1 hr estimate"]
BAD_HOURS = ["TBD", "1..5", "", "??", "n/a", "see note", "x"]
HOURS = ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.8", "1", "1.2", "1.5", "1.8", "2", "2.5", "3", "3.5", "4", "5.5", "6.5"]
NOTES = ["Received signed engagement letter and retainer.", "Opposing counsel indicated willingness to mediate.",
         "Client prefers email.", "Referred by a former client.", "Discussed timeline and next steps; client agreed to provide documents by Friday.",
         "Conflict check cleared.", "Do not call after 6pm.", "Spanish speaker; interpreter needed for meetings."]
STREETS = ["Church Ct", "King Blvd", "Chestnut Dr", "Queen Rd", "Pine Dr", "Main St", "Oak Ave", "Elm St", "Maple Ln", "Cedar Way",
           "Park Pl", "Lake Rd", "Hill St", "River Rd", "Sunset Blvd", "Washington Ave"]
CITIES = [("Richmond", "VA", "232"), ("Savannah", "GA", "314"), ("Denver", "CO", "802"), ("Tucson", "AZ", "857"), ("Raleigh", "NC", "276"),
          ("Austin", "TX", "787"), ("Portland", "OR", "972"), ("Columbus", "OH", "432"), ("Madison", "WI", "537"), ("Boise", "ID", "837"),
          ("Albany", "NY", "122"), ("Trenton", "NJ", "086"), ("Tampa", "FL", "336"), ("Reno", "NV", "895"), ("Omaha", "NE", "681")]
AREA = ["520", "916", "415", "402", "217", "912", "702", "303", "404", "512", "617", "212", "305", "619", "720"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com", "comcast.net"]
UNKNOWN_LAST = ["Zabriskie", "Quillfeather", "Oyelaran-Voss", "Thistlewood", "Marchbanks", "Featherstonehaugh"]


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().replace("'", "").replace(" ", "").lower()


def mdy(d: dt.date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def money(x: float) -> str:
    return f"${x:,.2f}"


def phone(rng: random.Random) -> str:
    return f"({rng.choice(AREA)}) 555-{rng.randrange(10000):04d}"


# ------------------------------------------------------------------------------------------------
# Users


def make_users(n_te: int, seed: int) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]], list[tuple[str, float]]]:
    """(roster rows, former users (not on the roster), (full name, hourly rate) of the roster)."""
    rng = random.Random(f"users-{seed}")
    n = max(7, min(300, round(n_te / 15000)))
    seen: set[str] = set()
    roster: list[tuple[str, str, str, str]] = []
    rates: list[tuple[str, float]] = []
    while len(roster) < n + 3:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        full = f"{first} {last}"
        if full in seen:
            continue
        seen.add(full)
        roster.append((first, last, f"{ascii_fold(first)[0]}{ascii_fold(last)}@firm.example", (first[0] + last[0]).upper()))
        role = rng.random()
        rates.append((full, rng.choice([450, 460, 495, 525, 600]) if role < 0.25 else
                      rng.choice([300, 320, 350, 375]) if role < 0.7 else rng.choice([135, 150, 165, 185])))
    former = [(f"{r[0]} {r[1]}", rates[i][1]) for i, r in enumerate(roster[n:], start=n)]
    return roster[:n], former, rates[:n]


# ------------------------------------------------------------------------------------------------
# Contacts: every contact is a pure function of (seed, index), so matters can name a contact's
# client and a duplicate can copy an earlier contact without keeping the contacts in memory.


def _contact_base(seed: int, i: int, users: list[str]) -> list[str]:
    rng = random.Random(seed * 1_000_003 + i)
    number = str(1000 + i)
    city, state, zip3 = rng.choice(CITIES)
    street = f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}"
    is_company = rng.random() < 0.2
    if is_company:
        a, b = rng.choice(COMPANY_A) if rng.random() < 0.5 else rng.choice(LAST), rng.choice(COMPANY_B)
        company = " ".join(x for x in (a, b, rng.choice(COMPANY_C)) if x)
        first = middle = last = prefix = ""
        display = company
        domain = f"{ascii_fold(a + b)}.com"
        # a person at the company (info@ addresses would make every "Cardinal Foods" a duplicate)
        email = f"{ascii_fold(rng.choice(FIRST))[0]}{ascii_fold(rng.choice(LAST))}@{domain}" if rng.random() < 0.8 else ""
        website = f"www.{domain}"
        ctype = rng.choice(["Client", "Other", "Vendor", "Client"])
    else:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        middle = f"{rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        company = ""
        display = f"{first} {last}"
        tail = str(rng.randrange(1000)) if rng.random() < 0.8 else ""
        email = f"{ascii_fold(first)}.{ascii_fold(last)}{tail}@{rng.choice(DOMAINS)}" if rng.random() < 0.9 else ""
        website = ""
        prefix = rng.choice(["", "", "", "Mr", "Mrs", "Ms", "Dr"])
        ctype = rng.choice(["Client", "Client", "Client", "Other", "Opposing Counsel", "Witness"])
    mobile = phone(rng) if rng.random() < (0.3 if is_company else 0.8) else ""
    office = phone(rng) if rng.random() < (0.9 if is_company else 0.3) else ""
    home = phone(rng) if not is_company and rng.random() < 0.1 else ""
    fax = phone(rng) if is_company and rng.random() < 0.1 else ""
    notes = rng.choice(NOTES) if rng.random() < 0.1 else ""
    tags = rng.choice(["", "", "Referral", "Prospect", "VIP", "Referral, VIP"])
    assigned = rng.choice(users) if rng.random() < 0.6 else ""
    preferred = rng.choice(["", "Mobile", "Phone", "Email"])
    zip_code = f"{zip3}{rng.randrange(100):02d}"
    return [number, display, first, middle, last, company, email, mobile, office, home, fax, street, "", city, state, zip_code,
            "United States", notes, "", tags, website, assigned, preferred, f"https://app.practicepanther.com/contacts/{number}", prefix, ctype]


def contact_row(seed: int, i: int, users: list[str]) -> tuple[list[str], str | None]:
    """Contact i and the defect injected into it (None: a clean row)."""
    r = random.Random(seed * 7_000_009 + i).random()
    acc = 0.0
    defect = None
    for name in ("contact_duplicate", "contact_no_name", "contact_phone_in_email", "contact_formula_like"):
        acc += RATES[name]
        if r < acc:
            defect = name
            break
    if defect == "contact_duplicate" and i >= 100:
        # The same person or company entered twice: same name and email, a new number, the phone
        # typed differently.
        src = i - 1 - (i * 7919) % min(i - 1, 5000)
        row, _d = contact_row(seed, src, users)
        if not (row[2] or row[4] or row[5]) or not (row[6] or row[7] or row[8]):
            row = _contact_base(seed, src, users)
        row = list(row)
        row[0] = str(1000 + i)
        row[23] = f"https://app.practicepanther.com/contacts/{row[0]}"
        for j in (7, 8):
            if row[j].startswith("("):
                row[j] = row[j].replace("(", "").replace(") ", "-")  # (520) 555-2141 -> 520-555-2141
        return row, defect
    if defect == "contact_duplicate":
        defect = None
    row = _contact_base(seed, i, users)
    if defect == "contact_no_name":
        row[1] = row[2] = row[3] = row[4] = row[5] = ""
        if not row[6]:
            row[6] = f"unknown{i}@gmail.com"
    elif defect == "contact_phone_in_email":
        row[6] = row[7] or row[8] or "(555) 555-0100"
    elif defect == "contact_formula_like":
        row[17] = FORMULAS[i % len(FORMULAS)]
    return row, defect


def contact_display(seed: int, i: int, users: list[str]) -> tuple[str, str]:
    """(display name, last name) of contact i; the last name is blank for a company."""
    row, _d = contact_row(seed, i, users)
    return row[1], row[4]


# ------------------------------------------------------------------------------------------------


def spread_date(rng: random.Random, frac: float, start: dt.date, end: dt.date, jitter_days: int = 20) -> dt.date:
    span = (end - start).days
    d = int(span * frac) + rng.randint(-jitter_days, jitter_days)
    return start + dt.timedelta(days=min(max(d, 0), span))


def write_csv(path: str, headers: list[str], rows) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)  # PracticePanther writes \r\n line ends, quotes only where needed
        w.writerow(headers)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def generate(out_dir: str, n_te: int, n_contacts: int, n_matters: int, seed: int, log=print) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    defects: Counter = Counter()
    roster, former, rates = make_users(n_te, seed)
    roster_names = [f"{r[0]} {r[1]}" for r in roster]
    written: dict[str, dict] = {}

    def done(name: str, rows: int, t0: float) -> None:
        p = os.path.join(out_dir, name)
        size = os.path.getsize(p)
        written[name] = {"rows": rows, "bytes": size, "seconds": round(time.perf_counter() - t0, 2)}
        log(f"  {name}: {rows:,} rows, {size / 1e6:,.1f} MB, {time.perf_counter() - t0:.1f} s")

    # users.csv
    t0 = time.perf_counter()
    write_csv(os.path.join(out_dir, USERS_FILE), ["first_name", "last_name", "email", "initials"], roster)
    done(USERS_FILE, len(roster), t0)

    # contacts
    t0 = time.perf_counter()

    def contacts():
        for i in range(n_contacts):
            row, d = contact_row(seed, i, roster_names)
            if d:
                defects[d] += 1
            yield row

    done(CONTACTS_FILE, write_csv(os.path.join(out_dir, CONTACTS_FILE), CONTACT_HEADERS, contacts()), t0)

    # matters (descriptions kept: time entries name their matter by description)
    t0 = time.perf_counter()
    rng = random.Random(f"matters-{seed}")
    descriptions: list[str] = []
    used: set[str] = set()
    first_open = dt.date(2012, 1, 1)
    last_open = EXPORT_DATE - dt.timedelta(days=10)

    def matters():
        for j in range(n_matters):
            r = rng.random()
            acc, defect = 0.0, None
            for name in ("matter_duplicate_number", "matter_no_client", "matter_unknown_client", "matter_no_description", "matter_formula_like"):
                acc += RATES[name]
                if r < acc:
                    defect = name
                    break
            c = rng.randrange(n_contacts)
            client_name, last = contact_display(seed, c, roster_names)
            while not client_name:
                c = (c + 1) % n_contacts
                client_name, last = contact_display(seed, c, roster_names)
            client = f"{1000 + c} - {client_name}"
            # "Holloway - Divorce", "Gideon Holloway - Divorce", "Valley Brewing LLC - Green Card"
            short = last if last and rng.random() < 0.5 else client_name
            desc = f"{short} - {rng.choice(MATTER_TYPES)}"
            k = 1
            base = desc
            while desc.lower() in used:
                k += 1
                desc = f"{base} ({k})"
            used.add(desc.lower())
            opened = spread_date(rng, j / max(n_matters - 1, 1), first_open, last_open, 30)
            age = (EXPORT_DATE - opened).days
            p_closed = min(0.9, age / 1500)
            u = rng.random()
            status = "Closed" if u < p_closed else ("Pending" if u < p_closed + 0.1 else "Open")
            closed = mdy(min(opened + dt.timedelta(days=rng.randint(20, 900)), EXPORT_DATE)) if status == "Closed" else ""
            sol = mdy(opened + dt.timedelta(days=rng.choice([365, 730, 1095]))) if rng.random() < 0.1 else ""
            note = rng.choice(NOTES) if rng.random() < 0.15 else ""
            number = str(2001 + j)
            if defect == "matter_duplicate_number" and j > 10:
                number = str(2001 + j - 1 - rng.randrange(min(j - 1, 500)))
            elif defect == "matter_no_client":
                client = ""
            elif defect == "matter_unknown_client":
                client = f"{1000 + n_contacts + j} - {rng.choice(FIRST)} {rng.choice(UNKNOWN_LAST)}"
            elif defect == "matter_no_description":
                used.discard(desc.lower())
                desc = ""
            elif defect == "matter_formula_like":
                note = FORMULAS[j % len(FORMULAS)]
            else:
                defect = None
            if defect:
                defects[defect] += 1
            descriptions.append(desc)
            yield [desc, client, status, mdy(opened), closed, sol, rng.choice(["Hourly", "Hourly", "Flat Rate", "Contingency"]),
                   rng.choice(roster_names), note, number, money(rng.random() * 2000) if rng.random() < 0.3 else "$0.00",
                   money(rng.random() * 5000) if rng.random() < 0.1 else "$0.00", "$0.00",
                   money(rng.random() * 20000) if rng.random() < 0.2 else "$0.00", ""]

    done(MATTERS_FILE, write_csv(os.path.join(out_dir, MATTERS_FILE), MATTER_HEADERS, matters()), t0)

    # time entries, in date order (as PracticePanther sorts them)
    t0 = time.perf_counter()
    rng = random.Random(f"time-{seed}")
    named = [i for i, d in enumerate(descriptions) if d]
    first_te = dt.date(2015, 1, 1)
    span = (EXPORT_DATE - first_te).days
    billed_before = EXPORT_DATE - dt.timedelta(days=BILLED_AGE_DAYS)
    n_roster = len(rates)
    thresholds = []
    acc = 0.0
    for name in ("time_blank_user", "time_former_user", "time_unknown_matter", "time_bad_hours", "time_formula_like", "time_multiline_note"):
        acc += RATES[name]
        thresholds.append((acc, name))
    hours_f = {h: float(h) for h in HOURS}
    window = max(1, len(named) // 4)

    def entries():
        for k in range(n_te):
            frac = k / max(n_te - 1, 1)
            day = first_te + dt.timedelta(days=int(span * frac))
            # a matter open by then, more often a recent one
            hi = max(1, int(len(named) * min(1.0, frac + 0.05)))
            m = named[hi - 1 - int(rng.random() ** 2 * min(window, hi))]
            ui = rng.randrange(n_roster)
            user, rate = rates[ui]
            hours = rng.choice(HOURS)
            note = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            matter = descriptions[m]
            r = rng.random()
            defect = None
            for t, name in thresholds:
                if r < t:
                    defect = name
                    break
            if defect == "time_blank_user":
                user = ""
            elif defect == "time_former_user":
                user, rate = former[k % len(former)]
            elif defect == "time_unknown_matter":
                matter = f"{rng.choice(UNKNOWN_LAST)} - {rng.choice(MATTER_TYPES)}"
            elif defect == "time_bad_hours":
                hours = BAD_HOURS[k % len(BAD_HOURS)]
            elif defect == "time_formula_like":
                note = FORMULAS[k % len(FORMULAS)]
            elif defect == "time_multiline_note":
                note = f"{note}\nFollow-up: {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}"
            if defect:
                defects[defect] += 1
            h = hours_f.get(hours)
            total = money(h * rate) if h is not None else ""
            billable = "Yes" if rng.random() < 0.9 else "No"
            billed = "Yes" if rng.random() < (OLD_BILLED if day < billed_before else RECENT_BILLED) else "No"
            if billed == "Yes":
                defects["time_billed"] += 1
            yield [mdy(day), user, hours, note, matter, rng.choice(TASKS), money(rate), total, billable, billed]

    done(TIME_FILE, write_csv(os.path.join(out_dir, TIME_FILE), TIME_HEADERS, entries()), t0)

    info = {"generator": "benchmarks/make_large.py", "seed": seed, "export_date": STAMP,
            "counts": {"time_entries": n_te, "contacts": n_contacts, "matters": n_matters, "users": len(roster)},
            "files": written, "rates": RATES, "defects_injected": dict(sorted(defects.items()))}
    with open(os.path.join(out_dir, ".make_large.json"), "w", encoding="utf-8") as fh:
        json.dump(info, fh, indent=1)
    return info


def _count(s: str) -> int:
    s = s.strip().lower().replace(",", "").replace("_", "")
    mult = 1
    if s.endswith("k"):
        s, mult = s[:-1], 1000
    elif s.endswith("m"):
        s, mult = s[:-1], 1_000_000
    return int(float(s) * mult)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--time-entries", type=_count, default=1_000_000, metavar="N", help="time entries (default 1M; 100k, 5M accepted)")
    p.add_argument("--contacts", type=_count, default=200_000, metavar="N", help="contacts (default 200k)")
    p.add_argument("--matters", type=_count, default=100_000, metavar="N", help="matters (default 100k)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1): the same seed writes the same files")
    a = p.parse_args(argv)
    if a.contacts < 1 or a.matters < 1 or a.time_entries < 1:
        p.error("every count must be at least 1")
    t0 = time.perf_counter()
    print(f"Writing {a.time_entries:,} time entries, {a.contacts:,} contacts, {a.matters:,} matters (seed {a.seed}) to {a.out_dir}")
    info = generate(a.out_dir, a.time_entries, a.contacts, a.matters, a.seed)
    total = sum(f["bytes"] for f in info["files"].values())
    print(f"Done: {sum(f['rows'] for f in info['files'].values()):,} rows, {total / 1e6:,.1f} MB in {time.perf_counter() - t0:.1f} s")
    print("Defects injected: " + ", ".join(f"{k} {v:,}" for k, v in info["defects_injected"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
