"""Write the demo data set: a fictional firm's PracticePanther exports, with the usual problems.

    python tools/make_demo.py [OUT_DIR]          (default: resources/demo)

The firm, Whitmore & Vance LLP, and every person, company, matter and note in it are invented.
The files look like a real PracticePanther export (its file names, header spellings, UTF-8 with
a byte order mark, CRLF line ends, "$1,234.50" money, M/D/YYYY dates) taken on 2026-11-20, and
carry a handful of each typical problem for a newcomer to find and fix in a few minutes.

Standard library only, and deterministic: a fixed seed, so running it twice writes the same
bytes. Besides the CSV files it writes users.csv (the firm's Clio users), README.md (what is
planted where) and truth.json (the same in the format of the sample folders, for
tools/score_samples.py). Row numbers count as SPEC section 3 does: the header is row 1, so the
first record is row 2.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20261120
CUTOFF = date(2026, 11, 20)
STAMP = CUTOFF.isoformat()
BILLED_THROUGH = date(2026, 9, 30)  # the firm's last billing run: older billable time is billed
FIRM = "Whitmore & Vance LLP"
DOMAIN = "whitmorevance.example"
PP_URL = "https://app.practicepanther.com"

OUT = Path(__file__).resolve().parent.parent / "resources" / "demo"

# ----------------------------------------------------------------------------------------------
# The firm's Clio users: first, last, initials, hourly rate, role

USERS = [
    ("Eleanor", "Whitmore", "EHW", 425, "partner"),
    ("Rafael", "Vance", "RDV", 395, "partner"),
    ("Renée", "Castellanos", "RMC", 275, "associate"),
    ("Desmond", "Achterberg", "DJA", 250, "associate"),
    ("Ingrid", "Solberg", "IKS", 145, "paralegal"),
]
ATTORNEYS = [f"{u[0]} {u[1]}" for u in USERS[:4]]
EHW, RDV, RMC, DJA, IKS = (f"{u[0]} {u[1]}" for u in USERS)
RATE = {f"{u[0]} {u[1]}": u[3] for u in USERS}
TEMP_RATE = 95
NOT_ON_ROSTER = "Temp Paralegal"

# ----------------------------------------------------------------------------------------------
# Contacts. People: first, middle, last, type, tag. Companies: name, short name, type, tag.

PEOPLE = [
    ("José", "", "Quintanilla", "Client", "Referral"),
    ("Zoë", "", "Harrington", "Client", "Website"),
    ("Tomasz", "J.", "Wierzbicki", "Client", "Referral"),
    ("Aoife", "", "Brannigan", "Client", "Website"),
    ("Lucía", "", "Montenegro", "Prospect", "Website"),
    ("Søren", "", "Lindahl", "Client", "Referral"),
    ("Chidi", "", "Okonjo", "Client", "Bar Referral"),
    ("Margaux", "", "Thibodeaux", "Client", "Referral"),
    ("Hamid", "", "Farahani", "Client", "Referral"),
    ("Priyanka", "", "Raghunathan", "Client", "Website"),
    ("Declan", "P.", "Fitzwilliam", "Client", "Bar Referral"),
    ("Noémie", "", "Laurent", "Prospect", "Website"),
    ("Kwame", "", "Asante", "Client", "Referral"),
    ("Beatrix", "", "Halloran", "Client", "Referral"),
    ("Ignacio", "", "Ferreira", "Prospect", "Website"),
    ("Harriet", "", "Thornquist", "Client", "Referral"),
    ("Mateo", "", "Villaseñor", "Client", "Website"),
    ("Yuki", "", "Tanabe", "Client", "Referral"),
    ("Cormac", "", "Delaney", "Client", "Bar Referral"),
    ("Ottilie", "", "Brandt", "Client", "Referral"),
    ("Rashida", "", "Coleman", "Client", "Website"),
    ("Anselm", "", "Richter", "Client", "Referral"),
    ("Françoise", "", "Aubert", "Client", "Referral"),
    ("Ezekiel", "", "Bellandi", "Client", "Website"),
    ("Sunniva", "", "Haugen", "Client", "Referral"),
    ("Dmitri", "", "Volkonsky", "Other", "Opposing Party"),
    ("Imani", "", "Adebayo", "Client", "Website"),
    ("Leopold", "", "Kessler", "Client", "Referral"),
    ("Niamh", "", "O'Sullivan", "Client", "Bar Referral"),
    ("Thaddeus", "", "Featherstone", "Client", "Referral"),
    ("Valentina", "", "Ruiz-Ortega", "Client", "Website"),
    ("Agnieszka", "", "Nowicka", "Prospect", "Website"),
    ("Bartholomew", "", "Finch", "Other", "Referral Source"),
    ("Esperanza", "", "Galindo", "Prospect", "Website"),
    ("Florian", "", "Lamontagne", "Other", "Expert"),
    ("Henrietta", "", "Lowell", "Other", "Referral Source"),
    ("Ibrahim", "", "Haddad", "Prospect", "Referral"),
    ("Kasimir", "", "Hrabal", "Other", "Opposing Party"),
    ("Lorelei", "", "Vandermeer", "Prospect", "Website"),
    ("Mireille", "", "Devaux", "Other", "Expert"),
    ("Octavia", "", "Pemberley", "Other", "Referral Source"),
    ("Nikolai", "", "Zhukov", "Prospect", "Referral"),
]

COMPANIES = [
    ("Lanternlight Bakery LLC", "Lanternlight Bakery", "Client", "Business"),
    ("Wrenfield Hollow Vineyards Inc.", "Wrenfield Hollow Vineyards", "Client", "Business"),
    ("Northgate Freight Co.", "Northgate Freight", "Client", "Business"),
    ("Lumen Dental Partners PLLC", "Lumen Dental", "Client", "Business"),
    ("Bluewater Cove Marina LLC", "Bluewater Cove Marina", "Client", "Business"),
    ("Quillfeather Press Inc.", "Quillfeather Press", "Client", "Business"),
    ("Tamarack Builders LLC", "Tamarack Builders", "Client", "Business"),
    ("Silverbirch Veterinary Clinic P.C.", "Silverbirch Veterinary", "Client", "Business"),
    ("Stonegate Brewing Company", "Stonegate Brewing", "Client", "Business"),
    ("Kestrel Aviation Services Inc.", "Kestrel Aviation", "Client", "Business"),
    ("Marigold Home Health LLC", "Marigold Home Health", "Prospect", "Business"),
    ("Ridgeline Solar Corp.", "Ridgeline Solar", "Client", "Business"),
    ("Pinecrest Apartments LLC", "Pinecrest Apartments", "Client", "Business"),
    ("Larkspur Title Co.", "Larkspur Title", "Other", "Vendor"),
]

CITIES = [
    ("Portland", "OR", "97205"), ("Portland", "OR", "97214"), ("Portland", "OR", "97217"),
    ("Beaverton", "OR", "97005"), ("Lake Oswego", "OR", "97034"), ("Salem", "OR", "97301"),
    ("Vancouver", "WA", "98660"), ("Hillsboro", "OR", "97123"), ("Tigard", "OR", "97223"),
    ("Gresham", "OR", "97030"), ("Eugene", "OR", "97401"), ("Bend", "OR", "97701"),
]
STREETS = ["Alder St", "Larkspur Ln", "Marquam Ct", "Sycamore Ave", "Willow Creek Rd", "Thornbury Dr",
           "Quarry Rd", "Elmhurst Ave", "Old Orchard Way", "Brookfield Pl", "Copperleaf Dr", "Lantern Ct",
           "Ravenna St", "Summit View Rd", "Tilbury Ave", "Wexford Ln"]
AREA_CODES = ["503", "971", "541", "360"]
CONTACT_NOTES = [
    "Prefers email; copy spouse on scheduling.", "Referred by a former client.", "Call only after 4 PM on weekdays.",
    "Conflict check cleared.", "Sends documents by courier, not email.", "Billing questions go to the office manager.",
    "", "", "", "", "", "",
]
SPECIAL_NOTES = {"Montenegro": "Spanish-speaking; offer an interpreter.", "Galindo": "Spanish-speaking; offer an interpreter.",
                 "Brandt": "Hard of hearing: use video calls with captions."}

# ----------------------------------------------------------------------------------------------
# Matters: client (person's last name or company short name; "" = no client), matter type,
# status, open, close, responsible attorney, rate, statute of limitations, practice group.

FAMILY, ESTATE, LIT, DEAL, CRIM, PI = "family", "estate", "litigation", "transactional", "criminal", "injury"
PRACTICE = {FAMILY: "Family Law", ESTATE: "Estate Planning", LIT: "Litigation", DEAL: "Business",
            CRIM: "Criminal Defense", PI: "Personal Injury"}

MATTERS = [
    ("Quintanilla", "Divorce", "Open", "2/10/2025", "", RMC, "Hourly", "", FAMILY),
    ("Harrington", "Estate Plan", "Closed", "3/3/2025", "6/18/2025", EHW, "Flat Rate", "", ESTATE),
    ("Wierzbicki", "Auto Accident", "Open", "4/14/2025", "", RDV, "Contingency", "3/28/2027", PI),
    ("Brannigan", "Landlord-Tenant Dispute", "Closed", "5/6/2025", "9/30/2025", DJA, "Hourly", "", LIT),
    ("Lanternlight Bakery", "Commercial Lease", "Closed", "5/20/2025", "8/15/2025", EHW, "Hourly", "", DEAL),
    ("Lindahl", "Trust Administration", "Open", "6/2/2025", "", EHW, "Hourly", "", ESTATE),
    ("Okonjo", "Wrongful Termination", "Open", "6/23/2025", "", RDV, "Contingency", "1/8/2027", LIT),
    ("Thibodeaux", "Prenuptial Agreement", "Archived", "7/1/2025", "8/29/2025", RMC, "Flat Rate", "", FAMILY),
    ("Wrenfield Hollow Vineyards", "Trademark Registration", "Pending", "7/15/2025", "", DJA, "Flat Rate", "", DEAL),
    ("Raghunathan", "LLC Formation", "Closed", "8/4/2025", "9/12/2025", DJA, "Flat Rate", "", DEAL),
    ("Fitzwilliam", "DUI Defense", "Closed", "8/18/2025", "2/27/2026", RDV, "Hourly", "", CRIM),
    ("Northgate Freight", "Collections", "Open", "9/8/2025", "", DJA, "Hourly", "", LIT),
    ("Asante", "Premises Liability", "Open", "9/22/2025", "", RDV, "Contingency", "8/30/2027", PI),
    ("Halloran", "Probate Administration", "Open", "10/6/2025", "", EHW, "Hourly", "", ESTATE),
    ("Thornquist", "Guardianship", "Open", "10/20/2025", "", RMC, "Hourly", "", FAMILY),
    ("Lumen Dental", "Partnership Agreement", "Closed", "11/3/2025", "1/30/2026", EHW, "Hourly", "", DEAL),
    ("Villaseñor", "Home Purchase", "Closed", "11/17/2025", "1/9/2026", DJA, "Flat Rate", "", DEAL),
    ("", "Pryor Estate - Probate Administration", "Open", "12/1/2025", "", EHW, "Hourly", "", ESTATE),
    ("Tanabe", "Licensing Agreement", "Closed", "12/8/2025", "3/20/2026", DJA, "Hourly", "", DEAL),
    ("Bluewater Cove Marina", "Asset Purchase", "Open", "1/5/2026", "", EHW, "Hourly", "", DEAL),
    ("Delaney", "Expungement", "Closed", "1/12/2026", "5/22/2026", RDV, "Flat Rate", "", CRIM),
    ("Brandt", "Power of Attorney", "Closed", "1/26/2026", "2/20/2026", RMC, "Flat Rate", "", ESTATE),
    ("Quillfeather Press", "Contract Dispute", "Open", "2/9/2026", "", RDV, "Hourly", "2/1/2030", LIT),
    ("Coleman", "Workers' Compensation", "Referred Out", "2/23/2026", "", RDV, "Contingency", "", PI),
    ("Richter", "Boundary Dispute", "Open", "3/9/2026", "", DJA, "Hourly", "", LIT),
    ("Tamarack Builders", "Construction Lien", "Open", "3/23/2026", "", DJA, "Hourly", "12/18/2026", LIT),
    ("Aubert", "Estate Plan", "Closed", "4/6/2026", "6/12/2026", EHW, "Flat Rate", "", ESTATE),
    ("Farahani", "", "Open", "4/20/2026", "", RMC, "Hourly", "", FAMILY),  # no matter name: planted
    ("Bellandi", "HOA Dispute", "Open", "5/4/2026", "", DJA, "Hourly", "", LIT),
    ("Haugen", "Adoption", "Pending", "5/18/2026", "", RMC, "Flat Rate", "", FAMILY),
    ("Harrowgate Tile", "Supplier Dispute", "Open", "6/1/2026", "", RDV, "Hourly", "", LIT),  # unknown client
    ("Adebayo", "Custody Modification", "Open", "6/15/2026", "", RMC, "Hourly", "", FAMILY),
    ("Silverbirch Veterinary", "Employment Policies", "Closed", "6/29/2026", "9/4/2026", EHW, "Hourly", "", DEAL),
    ("O'Sullivan", "Insurance Claim Denial", "Open", "7/13/2026", "", RDV, "Hourly", "7/2/2028", LIT),
    ("Stonegate Brewing", "Liquor License", "Open", "7/27/2026", "", DJA, "Flat Rate", "", DEAL),
    ("Ruiz-Ortega", "Divorce", "Open", "8/10/2026", "", RMC, "Hourly", "", FAMILY),
    ("Ridgeline Solar", "Breach of Warranty", "Open", "8/24/2026", "", RDV, "Hourly", "8/3/2030", LIT),
    ("Featherstone", "Will Contest", "Open", "9/8/2026", "", EHW, "Hourly", "", ESTATE),
    ("Pinecrest Apartments", "Eviction", "Open", "9/21/2026", "", DJA, "Hourly", "", LIT),
    ("Kestrel Aviation", "Hangar Lease", "Pending", "10/12/2026", "", EHW, "Hourly", "", DEAL),
]
ATTORNEY_OF: dict[str, str] = {}
for _m in MATTERS:
    ATTORNEY_OF.setdefault(_m[0], _m[5])
FIRST_MATTER_NUMBER = 4101
DUPLICATE_NUMBER_OF = "Featherstone - Will Contest"  # Kestrel's matter was given this matter's number
UNKNOWN_CLIENT = "Harrowgate Tile & Stone LLC"  # a client that is not in the contacts export
MISSING_MATTER = "Kessler - Zoning Variance"  # Kessler's matter, left out of the matters export

# Time entry notes and their task category, by practice group.
WORK = {
    FAMILY: [("Telephone call with client re parenting schedule", "Phone Call"), ("Draft petition and supporting declaration", "Drafting"),
             ("Review financial disclosure statements", "Review"), ("Prepare for temporary orders hearing", "Court Appearance"),
             ("Correspondence with opposing counsel re settlement proposal", "Correspondence"), ("Draft proposed parenting plan", "Drafting"),
             ("Review client's budget worksheet", "Review"), ("Attend mediation session", "Client Meeting"),
             ("Revise marital settlement agreement", "Drafting")],
    ESTATE: [("Draft revocable trust and pour-over will", "Drafting"), ("Meeting with client to review estate plan", "Client Meeting"),
             ("Prepare inventory of estate assets", "Drafting"), ("Correspondence with beneficiaries", "Correspondence"),
             ("Review appraisal of residence", "Review"), ("Prepare creditor notice for publication", "Drafting"),
             ("Draft accounting for court approval", "Drafting"), ("Coordinate signing ceremony", "Client Meeting"),
             ("Review beneficiary designations", "Review")],
    LIT: [("Draft answer and affirmative defenses", "Drafting"), ("Review discovery responses", "Review"),
          ("Prepare deposition outline", "Drafting"), ("Legal research re statute of limitations", "Research"),
          ("Draft motion to compel", "Drafting"), ("Telephone conference with opposing counsel", "Phone Call"),
          ("Review and organize document production", "Review"), ("Prepare settlement demand letter", "Drafting"),
          ("Attend hearing", "Court Appearance"), ("Draft reply brief", "Drafting")],
    DEAL: [("Review draft lease and mark up", "Review"), ("Draft operating agreement", "Drafting"), ("Prepare closing checklist", "Drafting"),
           ("Correspondence with other side's counsel", "Correspondence"), ("Review due diligence documents", "Review"),
           ("Revise agreement per client comments", "Drafting"), ("Draft board consent", "Drafting"),
           ("Meeting with client re deal terms", "Client Meeting"), ("Negotiate indemnification terms", "Phone Call")],
    CRIM: [("Review police report and dashcam video", "Review"), ("Attend arraignment", "Court Appearance"),
           ("Meeting with client at office", "Client Meeting"), ("Draft motion to suppress", "Drafting"),
           ("Telephone call with prosecutor re plea offer", "Phone Call"), ("Prepare petition to set aside conviction", "Drafting"),
           ("Research eligibility for expungement", "Research")],
    PI: [("Review medical records", "Review"), ("Correspondence with insurance adjuster", "Correspondence"), ("Draft demand package", "Drafting"),
         ("Telephone call with client re treatment status", "Phone Call"), ("Request records from treating physician", "Correspondence"),
         ("Review accident reconstruction report", "Review"), ("Calculate special damages", "Research"), ("Prepare lien summary", "Drafting")],
}
OUT_OF_COURT = {"Estate Plan", "Power of Attorney", "Prenuptial Agreement"}  # matter types that never see a courtroom
MISSING_MATTER_WORK = [("Review planning commission staff report", "Review"), ("Draft variance application narrative", "Drafting")]
HOLIDAYS = {date(2025, 7, 4), date(2025, 9, 1), date(2025, 11, 27), date(2025, 12, 25), date(2026, 1, 1), date(2026, 5, 25),
            date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1), date(2027, 5, 31)}
HOURS = ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.8", "1", "1.2", "1.5", "1.8", "2", "2.5", "3", "3.5", "4"]
HOURS_W = [6, 9, 8, 5, 9, 6, 5, 8, 4, 6, 2, 4, 2, 2, 1, 1]

# ----------------------------------------------------------------------------------------------
# Plumbing


@dataclass
class Rec:
    cells: list[str]
    plants: list[tuple[str, str, str]] = field(default_factory=list)  # (code, column, what)
    sort: tuple = ()


@dataclass
class CsvFile:
    name: str
    data_type: str
    header: list[str]
    recs: list[Rec]
    mapping: dict[str, str] = field(default_factory=dict)
    file_plants: list[tuple[str, str, str]] = field(default_factory=list)  # file-level (code, column, what)


def ascii_fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch)).replace("ø", "o").replace("Ø", "O")


def mdy(d: date | None) -> str:
    return f"{d.month}/{d.day}/{d.year}" if d else ""


def parse_mdy(s: str) -> date | None:
    if not s:
        return None
    m, d, y = (int(x) for x in s.split("/"))
    return date(y, m, d)


def money(x: float) -> str:
    return f"${x:,.2f}"


def hm(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{(h % 12) or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}"


def weekday_between(rng: random.Random, a: date, b: date, late: bool = False) -> date:
    span = max((b - a).days, 0)
    for _ in range(50):
        k = rng.randint(0, span)
        if late:
            k = max(k, rng.randint(0, span))
        d = a + timedelta(days=k)
        if d.weekday() < 5 and d not in HOLIDAYS:
            return d
    return a


def user_email(first: str, last: str) -> str:
    return f"{ascii_fold(first[0]).lower()}{ascii_fold(last).lower()}@{DOMAIN}"


def write_csv(folder: Path, f: CsvFile) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(f.header)
    for r in f.recs:
        assert len(r.cells) == len(f.header), (f.name, r.cells)
        w.writerow(r.cells)
    (folder / f.name).write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))


# ----------------------------------------------------------------------------------------------
# Building the firm


class Firm:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.files: list[CsvFile] = []
        self._phones = [f"({a}) 555-{n:04d}" for a in AREA_CODES for n in range(100, 200)]
        self.rng.shuffle(self._phones)
        self.contacts: dict[str, dict] = {}  # key (last name / company short name) -> contact
        self.matters: list[dict] = []
        self.by_name: dict[str, dict] = {}

    def fname(self, what: str) -> str:
        return f"{what} {STAMP}.csv"

    def phone(self) -> str:
        return self._phones.pop()

    def address(self) -> tuple[str, str, str, str]:
        city, state, zipc = self.rng.choice(CITIES)
        return f"{self.rng.randint(100, 9899)} {self.rng.choice(STREETS)}", city, state, zipc

    # -- contacts ------------------------------------------------------------------------------
    def build_contacts(self) -> None:
        rng = self.rng
        header = ["Contact: Number", "Contact: DisplayName", "Contact: FirstName", "Contact: MiddleName", "Contact: LastName",
                  "Contact: CompanyName", "Contact: Email", "Contact: MobileNumber", "Contact: OfficeNumber", "Contact: HomeNumber",
                  "Contact: FaxNumber", "Contact: Street1", "Contact: Street2", "Contact: City", "Contact: ProvinceState",
                  "Contact: ZipPostalCode", "Contact: Country", "Contact: ContactNotes", "Contact: CompanyNotes", "Contact: Tags",
                  "Contact: Website", "Contact: AssignedTo", "Contact: Preferred Contact Method", "URL", "Contact: Prefix", "Contact: Type"]
        base: list[dict] = []
        for first, middle, last, typ, tag in PEOPLE:
            street, city, state, zipc = self.address()
            tld = rng.choice(["com", "net", "org"])
            email = f"{ascii_fold(first).lower()}.{ascii_fold(last).lower().replace(chr(39), '')}@example.{tld}"
            home = self.phone() if rng.random() < 0.25 else ""
            base.append(dict(key=last, display=" ".join(x for x in (first, middle, last) if x), first=first, middle=middle,
                             last=last, company="", email=email, mobile=self.phone(), office="", home=home, fax="",
                             street=street, street2=rng.choice(["", "", "", "", "Apt 2B", "Unit 14", "Apt 306"]), city=city,
                             state=state, zip=zipc, notes=SPECIAL_NOTES.get(last) or rng.choice(CONTACT_NOTES), cnotes="", tags=tag,
                             website="", assigned=ATTORNEY_OF.get(last) or rng.choice(ATTORNEYS), pref=rng.choice(["Mobile", "Email", "Email", "Phone"]),
                             prefix=rng.choice(["", "", "", "Mr." if first in ("Kwame", "Anselm", "Leopold") else "Ms." if first in ("Beatrix", "Ottilie", "Henrietta") else ""]),
                             type=typ))
        for name, short, typ, tag in COMPANIES:
            street, city, state, zipc = self.address()
            dom = ascii_fold(short).lower().replace(" ", "") + ".example"
            base.append(dict(key=short, display=name, first="", middle="", last="", company=name,
                             email=f"{rng.choice(['info', 'office', 'accounts', 'admin'])}@{dom}", mobile="",
                             office=self.phone(), home="", fax=self.phone() if rng.random() < 0.3 else "",
                             street=street, street2=rng.choice(["", "", "Suite 200", "Suite 410"]), city=city, state=state,
                             zip=zipc, notes="", cnotes=rng.choice(["", "", "Owner signs all agreements.", "Invoices to accounts payable."]),
                             tags=tag, website=f"www.{dom}", assigned=ATTORNEY_OF.get(short) or rng.choice(ATTORNEYS), pref="Email",
                             prefix="", type=typ))
        rng.shuffle(base)
        # Planted problems on existing contacts.
        asante = next(c for c in base if c["key"] == "Asante")
        asante["email"], asante["mobile"] = asante["mobile"], ""
        asante["plants"] = [("FIELD_CONTENT_MISMATCH", "Contact: Email", "phone number in the email field")]
        northgate = next(c for c in base if c["key"] == "Northgate Freight")
        northgate["cnotes"] = "=SUM(A1:A3)"
        northgate["plants"] = [("CELL_FORMULA", "Contact: CompanyNotes", "spreadsheet formula in the company notes")]
        # Planted extra records.
        thorn = next(c for c in base if c["key"] == "Thornquist")
        dup = dict(thorn, plants=[("DUPLICATE_CONTACT", "Contact: LastName",
                                                 "exact duplicate of Harriet Thornquist (same name and email)")])
        ragh = next(c for c in base if c["key"] == "Raghunathan")
        near = dict(ragh, key="Ragunathan", last="Ragunathan", display="Priyanka Ragunathan", mobile="", home="", notes="",
                    plants=[("DUPLICATE_CONTACT", "Contact: LastName",
                             "near-duplicate of Priyanka Raghunathan (typo in the last name, same email)")])
        street, city, state, zipc = self.address()
        roofer = dict(key="Fairhaven Roofing", display="Fairhaven Roofing LLC", first="", middle="", last="Fairhaven Roofing LLC",
                      company="", email="estimates@fairhavenroofing.example", mobile="", office=self.phone(), home="", fax="",
                      street=street, street2="", city=city, state=state, zip=zipc, notes="Roofer: expert for Tamarack lien matter.",
                      cnotes="", tags="Vendor", website="www.fairhavenroofing.example", assigned=DJA, pref="Phone", prefix="",
                      type="Other", plants=[("FIELD_CONTENT_MISMATCH", "Contact: LastName", "company name typed in the last-name field")])
        street, city, state, zipc = self.address()
        noname = dict(key="", display="", first="", middle="", last="", company="", email="", mobile=self.phone(), office="",
                      home="", fax="", street=street, street2="", city=city, state=state, zip=zipc,
                      notes="Caller left a number only; see call log.", cnotes="", tags="", website="", assigned=IKS, pref="Mobile",
                      prefix="", type="Other", plants=[("CONTACT_NO_NAME", "Contact: FirstName", "no first, last or company name")])
        ordered = list(base)
        ordered.append(dup)
        ordered.insert(max(41, ordered.index(ragh) + 1), near)  # after the record it duplicates
        ordered.insert(17, roofer)
        ordered.insert(52, noname)
        recs = []
        for i, c in enumerate(ordered):
            c["number"] = str(5001 + i)
            if c["key"]:
                self.contacts.setdefault(c["key"], c)
            recs.append(Rec([c["number"], c["display"], c["first"], c["middle"], c["last"], c["company"], c["email"], c["mobile"],
                             c["office"], c["home"], c["fax"], c["street"], c["street2"], c["city"], c["state"], c["zip"],
                             "United States", c["notes"], c["cnotes"], c["tags"], c["website"], c["assigned"], c["pref"],
                             f"{PP_URL}/contacts/{c['number']}", c["prefix"], c["type"]], list(c.get("plants", []))))
        self.files.append(CsvFile(self.fname("Contacts Export"), "contacts", header, recs, mapping={
            "Contact: FirstName": "first_name", "Contact: MiddleName": "middle_name", "Contact: LastName": "last_name",
            "Contact: CompanyName": "company", "Contact: Email": "email_address", "Contact: MobileNumber": "mobile_phone",
            "Contact: HomeNumber": "home_phone", "Contact: FaxNumber": "fax", "Contact: Street1": "business_street",
            "Contact: City": "business_city", "Contact: ProvinceState": "business_state",
            "Contact: ZipPostalCode": "business_postal_code", "Contact: Country": "country",
            "Contact: ContactNotes": "notes", "Contact: Website": "website", "Contact: Prefix": "title"}))

    def client_label(self, key: str) -> str:
        c = self.contacts[key]
        return f"{c['number']} - {c['display']}"

    # -- matters -------------------------------------------------------------------------------
    def build_matters(self) -> None:
        for i, (key, mtype, status, opened, closed, atty, rate, sol, group) in enumerate(MATTERS):
            if not key:
                name, client = mtype, ""
            elif not mtype:
                name, client = "", self.client_label(key)
            elif key == "Harrowgate Tile":
                name, client = f"{key} - {mtype}", f"5099 - {UNKNOWN_CLIENT}"
            else:
                name, client = f"{key} - {mtype}", self.client_label(key)
            m = dict(name=name, client=client, key=key, status=status, open=parse_mdy(opened), close=parse_mdy(closed),
                     atty=atty, rate=rate, sol=sol, group=group, number=str(FIRST_MATTER_NUMBER + i), unbilled=0.0,
                     court=group != DEAL and mtype not in OUT_OF_COURT,
                     trust=0.0, operating=0.0, due=0.0, plants=[])
            self.matters.append(m)
            if name:
                self.by_name[name] = m
        kestrel = self.matters[-1]
        kestrel["number"] = self.by_name[DUPLICATE_NUMBER_OF]["number"]
        kestrel["plants"].append(("DUPLICATE_MATTER_NUMBER", "Number", f"matter number {kestrel['number']} also used by {DUPLICATE_NUMBER_OF}"))
        for m in self.matters:
            if not m["name"]:
                m["plants"].append(("MATTER_NO_DESCRIPTION", "Matter", "no matter name (description)"))
            if not m["client"]:
                m["plants"].append(("MATTER_NO_CLIENT", "Contact", "no client"))
            if UNKNOWN_CLIENT in m["client"]:
                m["plants"].append(("MATTER_CLIENT_UNKNOWN", "Contact", f"client '{UNKNOWN_CLIENT}' is not in the contacts export"))
            if m["status"] == "Archived":
                m["plants"].append(("(none)", "Status", "status 'Archived' is not a Clio status; clio-prep reads it as Closed"))
            if m["status"] == "Referred Out":
                m["plants"].append(("MATTER_STATUS_UNMAPPED", "Status", "status 'Referred Out' is not a Clio status: choose Closed on the Mapping page"))

    def matter_notes_text(self, m: dict) -> str:
        return {"Thibodeaux - Prenuptial Agreement": "Signed agreement scanned to the file.",
                "Coleman - Workers' Compensation": "Waiting on the independent medical exam; paused at client's request.",
                "Pryor Estate - Probate Administration": "Petitioner is the decedent's niece; contact record still to be created.",
                "Okonjo - Wrongful Termination": "BOLI complaint filed; right-to-sue letter expected.",
                }.get(m["name"], "")

    def write_matters(self) -> None:
        header = ["Matter", "Contact", "Status", "Open Date", "Close Date", "Statute of Limitations", "Matter Rate", "Assigned To",
                  "Notes", "Number", "Billable", "Trust", "Operating", "Invoices Due", "Tags"]
        recs = []
        for m in self.matters:
            recs.append(Rec([m["name"], m["client"], m["status"], mdy(m["open"]), mdy(m["close"]), m["sol"], m["rate"], m["atty"],
                             self.matter_notes_text(m), m["number"], money(m["unbilled"]), money(m["trust"]),
                             money(m["operating"]), money(m["due"]), PRACTICE[m["group"]]], m["plants"]))
        self.files.append(CsvFile(self.fname("Matters Export"), "matters", header, recs, mapping={
            "Matter": "description", "Contact": "client", "Status": "status", "Open Date": "open_date",
            "Close Date": "close_date", "Statute of Limitations": "statute_of_limitations", "Assigned To": "responsible_attorney",
            "Notes": "note", "Number": "custom_number"}))

    def live(self, m: dict) -> tuple[date, date]:
        return m["open"], min(m["close"] or CUTOFF - timedelta(days=1), CUTOFF - timedelta(days=1))

    def named_matters(self) -> list[dict]:
        return [m for m in self.matters if m["name"]]

    # -- time entries --------------------------------------------------------------------------
    def build_time(self, n: int = 400) -> None:
        rng = self.rng
        header = ["Entry Date", "User", "Hours", "Note", "Matter Name", "Task Category", "Rate", "Total", "Billable", "Billed"]
        ms = self.named_matters()
        weights = [3 if m["status"] in ("Open", "Pending") else 2 for m in ms]
        entries: list[dict] = []
        planted = [
            dict(d=date(2026, 10, 6), user="", plant=("ACTIVITY_NO_USER", "User", "no user")),
            dict(d=date(2026, 10, 21), user="", plant=("ACTIVITY_NO_USER", "User", "no user")),
            dict(d=date(2026, 11, 9), user="", plant=("ACTIVITY_NO_USER", "User", "no user")),
            dict(d=date(2026, 10, 14), matter=MISSING_MATTER, user=DJA,
                 plant=("ACTIVITY_UNKNOWN_MATTER", "Matter Name", f"matter '{MISSING_MATTER}' is not in the matters export")),
            dict(d=date(2026, 11, 3), matter=MISSING_MATTER, user=DJA,
                 plant=("ACTIVITY_UNKNOWN_MATTER", "Matter Name", f"matter '{MISSING_MATTER}' is not in the matters export")),
            dict(d=date(2026, 10, 27), hours="TBD", plant=("ACTIVITY_BAD_NUMBER", "Hours", "hours 'TBD'")),
            dict(d=date(2026, 11, 12), hours="1..5", plant=("ACTIVITY_BAD_NUMBER", "Hours", "hours '1..5' (typo)")),
            dict(d=date(2026, 10, 8), user=NOT_ON_ROSTER, plant=("USER_NOT_ON_ROSTER", "User", f"user '{NOT_ON_ROSTER}' is not a Clio user")),
            dict(d=date(2026, 10, 9), user=NOT_ON_ROSTER, plant=("USER_NOT_ON_ROSTER", "User", f"user '{NOT_ON_ROSTER}' is not a Clio user")),
            dict(d=date(2026, 11, 5), note="=SUM(A1:A3)", plant=("CELL_FORMULA", "Note", "spreadsheet formula in the note")),
        ]
        open_recent = [m for m in ms if m["status"] == "Open" and m["open"] < date(2026, 9, 1)]
        for p in planted:
            m = self.by_name.get(p.get("matter", "")) or rng.choice(open_recent)
            user = p.get("user", rng.choice([m["atty"], IKS]))
            e = self._time_entry(m, p["d"], user)
            e.update(matter=p.get("matter", m["name"]), billed="No", billable="Yes", plant=p["plant"])
            if "hours" in p:
                e["hours"], e["total"] = p["hours"], ""
            if "note" in p:
                e["note"] = p["note"]
            if e["matter"] == MISSING_MATTER:
                e["note"], e["activity"] = MISSING_MATTER_WORK[0 if e["d"].month == 10 else 1]
            entries.append(e)
        while len(entries) < n:
            m = rng.choices(ms, weights)[0]
            a, b = self.live(m)
            d = weekday_between(rng, a, b, late=True)
            user = rng.choices([m["atty"], IKS, rng.choice(ATTORNEYS)], [7, 2, 1])[0]
            e = self._time_entry(m, d, user)
            billable = rng.random() > 0.06
            e["billable"] = "Yes" if billable else "No"
            billed = billable and d <= BILLED_THROUGH and rng.random() > 0.04
            e["billed"] = "Yes" if billed else "No"
            if billable and not billed:
                m["unbilled"] += float(e["hours"]) * e["rate"]
            entries.append(e)
        entries.sort(key=lambda e: (e["d"], e["matter"], e["user"]))
        recs = []
        for e in entries:
            recs.append(Rec([mdy(e["d"]), e["user"], e["hours"], e["note"], e["matter"], e["activity"], money(e["rate"]),
                             e["total"], e["billable"], e["billed"]], [e["plant"]] if e.get("plant") else []))
        self.files.append(CsvFile(self.fname("Time Entries Export"), "time_entries", header, recs, mapping={
            "Entry Date": "date", "User": "activity_user", "Hours": "quantity", "Note": "note", "Matter Name": "matter",
            "Task Category": "activity_description", "Rate": "price", "Billable": "non_billable"}))

    def _time_entry(self, m: dict, d: date, user: str) -> dict:
        rng = self.rng
        hours = rng.choices(HOURS, HOURS_W)[0]
        rate = RATE.get(user, TEMP_RATE) if user else RATE[m["atty"]]
        note, activity = rng.choice(WORK[m["group"]])
        return dict(d=d, user=user, hours=hours, note=note, matter=m["name"], activity=activity, rate=rate,
                    total=money(float(hours) * rate))

    # -- expenses ------------------------------------------------------------------------------
    def build_expenses(self, n: int = 60) -> None:
        rng = self.rng
        header = ["Date", "User", "Matter Name", "Category", "Description", "Quantity", "Price", "Total", "Billable"]
        kinds = {
            LIT: [("Filing Fee", "Filing fee - complaint", 1, 281.0), ("Court Reporter", "Court reporter - deposition transcript", 1, 612.5),
                  ("Service of Process", "Service of summons", 1, 85.0), ("Copies", "Copies - document production", 0, 0.15)],
            FAMILY: [("Filing Fee", "Filing fee - petition", 1, 301.0), ("Mediation", "Mediator fee, half share", 1, 450.0),
                     ("Copies", "Copies - financial disclosures", 0, 0.15)],
            ESTATE: [("Recording Fee", "County recording fee - deed", 1, 96.0), ("Publication", "Notice to creditors publication", 1, 172.4),
                     ("Filing Fee", "Probate petition filing fee", 1, 265.0)],
            DEAL: [("Filing Fee", "Secretary of State filing fee", 1, 100.0), ("Courier", "Courier - signed closing documents", 1, 38.0),
                   ("Search Fee", "UCC and lien search", 1, 55.0)],
            CRIM: [("Records Request", "DMV driving record", 1, 22.5), ("Filing Fee", "Motion to set aside filing fee", 1, 80.0)],
            PI: [("Medical Records", "Medical records request", 1, 48.0), ("Postage", "Certified mail - demand package", 3, 9.15)],
        }
        rows = []
        ms = self.named_matters()
        while len(rows) < n:
            m = rng.choice(ms)
            a, b = self.live(m)
            d = weekday_between(rng, a, b)
            if rng.random() < 0.3:
                cat, desc, qty, price = "Mileage", f"Mileage - {rng.choice(['courthouse', 'client meeting', 'site visit', 'records pickup'])}", rng.randint(8, 64), 0.70
            else:
                cat, desc, qty, price = rng.choice(kinds[m["group"]])
                qty = qty or rng.randrange(40, 640, 10)  # copies: a page count
            user = rng.choice([m["atty"], IKS])
            rows.append((d, user, m["name"], cat, desc, qty, price))
        rows.sort(key=lambda r: (r[0], r[2]))
        recs = [Rec([mdy(d), u, mn, cat, desc, str(q), money(p), money(q * p), "Yes"]) for d, u, mn, cat, desc, q, p in rows]
        self.files.append(CsvFile(self.fname("Expenses Export"), "expense_entries", header, recs, mapping={
            "Date": "date", "User": "activity_user", "Matter Name": "matter", "Category": "activity_description",
            "Description": "note", "Quantity": "quantity", "Price": "price", "Billable": "non_billable"}))

    # -- tasks ---------------------------------------------------------------------------------
    def build_tasks(self, n: int = 50) -> None:
        rng = self.rng
        header = ["Subject", "Description", "Matter Name", "Assigned To", "Due Date", "Status", "Priority"]
        subjects = {
            FAMILY: ["File financial declaration", "Send parenting plan draft to client", "Calendar mediation date",
                     "Prepare child support worksheet", "Serve petition on respondent"],
            ESTATE: ["Order certified death certificates", "Send trust funding letter", "Prepare final accounting",
                     "Schedule signing ceremony", "Publish notice to creditors"],
            LIT: ["Serve discovery requests", "Calendar response deadline", "Prepare exhibit binder", "Send litigation hold letter",
                  "Confirm deposition court reporter", "Draft settlement memo for client"],
            DEAL: ["Circulate signature pages", "File annual report", "Collect W-9 from seller", "Order lien search",
                   "Send closing statement to client"],
            CRIM: ["Request discovery from DA", "Confirm client's court date", "Collect character letters"],
            PI: ["Request updated medical bills", "Send letter of representation to insurer", "Calendar statute of limitations",
                 "Collect wage loss documentation"],
        }
        descs = ["", "", "", "Client to bring originals.", "See the email from opposing counsel in the file.", "Use the new court form.",
                 "Second reminder sent.", "Check the local rules first."]
        no_assignee = {7, 23, 38}
        ms = self.named_matters()
        items = []
        for i in range(n):
            m = rng.choice(ms)
            future = i % 5 in (0, 2)  # about 40% are due after the cut-off
            if future and m["close"] is None:
                due = weekday_between(rng, CUTOFF + timedelta(days=3), CUTOFF + timedelta(days=120))
            else:
                a, b = self.live(m)
                due = weekday_between(rng, min(a + timedelta(days=7), b), b)
            if due < CUTOFF:
                status = "Completed" if rng.random() < 0.85 else "Not Completed"
            else:
                status = rng.choice(["Not Completed", "Not Completed", "In Progress"])
            items.append([rng.choice(subjects[m["group"]]), rng.choice(descs), m["name"], rng.choice([m["atty"], m["atty"], IKS]), due,
                          status, rng.choice(["Normal", "Normal", "Normal", "High", "Low"])])
        items.sort(key=lambda t: (t[4], t[2]))
        recs = []
        for i, t in enumerate(items):
            plants = []
            if i in no_assignee:
                t[3] = ""
                plants.append(("TASK_NO_ASSIGNEE", "Assigned To", "no assignee"))
            t[4] = mdy(t[4])
            recs.append(Rec(t, plants))
        self.files.append(CsvFile(self.fname("Tasks Export"), "tasks", header, recs, mapping={
            "Subject": "name", "Description": "description", "Matter Name": "matter", "Assigned To": "assignee",
            "Due Date": "due_date", "Status": "status", "Priority": "priority"}))

    # -- calendar ------------------------------------------------------------------------------
    def build_events(self, n: int = 70) -> None:
        rng = self.rng
        header = ["Subject", "Location", "Start Date", "Start Time", "End Date", "End Time", "All Day", "Assigned To", "Matter Name", "Description"]
        court = {FAMILY: ["Circuit Court, Family Division, Courtroom 5B"], ESTATE: ["Circuit Court, Probate Department, Room 208"],
                 LIT: ["Circuit Court, Courtroom 312", "Circuit Court, Courtroom 318", "U.S. District Court, Courtroom 9A"],
                 CRIM: ["Justice Center, Courtroom 3"], PI: ["Circuit Court, Courtroom 312", "Cascade Arbitration Service, Suite 400"]}
        hearings = {FAMILY: ["Hearing - Temporary Orders", "Settlement Conference", "Status Conference"],
                    ESTATE: ["Hearing - Petition for Final Distribution", "Status Conference"],
                    LIT: ["Hearing - Motion to Compel", "Hearing - Summary Judgment", "Trial Call", "Status Conference"],
                    CRIM: ["Arraignment", "Hearing - Motion to Suppress", "Hearing - Motion to Set Aside"],
                    PI: ["Status Conference", "Arbitration Hearing"]}
        meetings = {FAMILY: ["Client meeting", "Mediation", "Call with opposing counsel"],
                    ESTATE: ["Client meeting", "Signing ceremony", "Beneficiary meeting"],
                    LIT: ["Client meeting", "Deposition", "Mediation", "Call with opposing counsel", "Case review"],
                    DEAL: ["Client meeting", "Closing", "Negotiation call", "Document signing"],
                    CRIM: ["Client meeting", "Call with prosecutor"], PI: ["Client meeting", "Call with adjuster", "Case review"]}
        office = ["Conference Room A", "Conference Room B", "Zoom", "Zoom", "Client's office"]
        descs = ["", "", "", "Client confirmed attendance.", "Dial-in details in the invite.", "Bring the file."]
        ms = self.named_matters()
        courtish = [m for m in ms if m["court"] and m["close"] is None]
        items = []  # [subject, location, date, start minute or None, minutes, matter, in court]
        # Future court hearings (after the cut-off): the entries that must not be lost in the move.
        for i in range(10):
            m = courtish[(i * 3) % len(courtish)]
            d = weekday_between(rng, CUTOFF + timedelta(days=5), CUTOFF + timedelta(days=150))
            start = rng.choice([8 * 60 + 30, 9 * 60, 10 * 60 + 30, 13 * 60 + 30])
            items.append([rng.choice(hearings[m["group"]]), rng.choice(court[m["group"]]), d, start, 60 * rng.choice([1, 1, 2, 3]), m, True])
        while len(items) < n - 4:
            m = rng.choice(ms)
            if m["close"] is None and rng.random() < 0.35:
                d = weekday_between(rng, CUTOFF + timedelta(days=1), CUTOFF + timedelta(days=100))
            else:
                a, b = self.live(m)
                d = weekday_between(rng, a, b)
            in_court = m["court"] and rng.random() < 0.25
            if in_court:
                subj, loc = rng.choice(hearings[m["group"]]), rng.choice(court[m["group"]])
            else:
                subj, loc = rng.choice(meetings[m["group"]]), rng.choice(office)
            items.append([subj, loc, d, rng.choice(range(8 * 60 + 30, 16 * 60 + 30, 30)), rng.choice([30, 60, 60, 90, 120]), m, in_court])
        # All-day deadlines.
        for i in range(4):
            m = courtish[(i * 5 + 1) % len(courtish)]
            d = weekday_between(rng, CUTOFF - timedelta(days=60), CUTOFF + timedelta(days=90))
            items.append(["Filing deadline" if i % 2 == 0 else "Response due", "", d, None, 0, m, True])
        items.sort(key=lambda t: (t[2], t[3] or 0, t[5]["name"]))
        no_start = {11, 47}
        no_calendar = {29}
        recs = []
        for i, (subj, loc, d, start, dur, m, in_court) in enumerate(items):
            user = m["atty"] if in_court or rng.random() < 0.85 else IKS
            desc = rng.choice(descs)
            if start is None:
                cells = [subj, loc, mdy(d), "", mdy(d), "", "Yes", user, m["name"], ""]
            else:
                cells = [subj, loc, mdy(d), hm(start), mdy(d), hm(start + dur), "No", user, m["name"], desc]
            plants = []
            if i in no_start:
                cells[2], cells[4] = "", ""
                plants.append(("CALENDAR_NO_START", "Start Date", "no start date"))
            if i in no_calendar:
                cells[7] = ""
                plants.append(("CALENDAR_NO_CALENDAR", "Assigned To", "no calendar (Assigned To is blank)"))
            recs.append(Rec(cells, plants))
        self.files.append(CsvFile(self.fname("Events Export"), "calendar_entries", header, recs, mapping={
            "Subject": "summary", "Location": "location", "Start Date": "start_date", "Start Time": "start_time",
            "End Date": "end_date", "End Time": "end_time", "All Day": "all_day", "Assigned To": "calendar",
            "Matter Name": "matter", "Description": "description"}))

    # -- related contacts ----------------------------------------------------------------------
    def build_related(self) -> None:
        header = ["Matter Name", "First Name", "Last Name", "Company Name", "Relationship", "Email", "Phone"]
        rows = [
            ("Quintanilla - Divorce", "Graciela", "Quintanilla", "", "Opposing Party", "", ""),
            ("Quintanilla - Divorce", "Gwendolyn", "Ashbury", "Ashbury Family Law", "Opposing Counsel", "gashbury@ashburyfamilylaw.example", ""),
            ("Wierzbicki - Auto Accident", "", "", "Columbine Mutual Insurance", "Insurer", "claims@columbinemutual.example", ""),
            ("Wierzbicki - Auto Accident", "Prudence", "Merriweather", "", "Witness", "prudence.merriweather@example.org", ""),
            ("Okonjo - Wrongful Termination", "Ulrich", "Brenner", "Brenner Keane LLP", "Opposing Counsel", "ubrenner@brennerkeane.example", ""),
            ("Asante - Premises Liability", "", "", "Halyard Property Insurance", "Insurer", "adjusters@halyardproperty.example", ""),
            ("Asante - Premises Liability", "Horatio", "Blaine", "", "Witness", "", ""),
            ("Halloran - Probate Administration", "Odalys", "Carrasco", "", "Beneficiary", "odalys.carrasco@example.net", ""),
            ("Halloran - Probate Administration", "Gunnar", "Holm", "", "Beneficiary", "", ""),
            ("Thornquist - Guardianship", "Delphine", "Arceneaux", "", "Guardian ad Litem", "darceneaux@example.com", ""),
            ("Northgate Freight - Collections", "", "", "Cascade Logistics Group", "Opposing Party", "ap@cascadelogistics.example", ""),
            ("Quillfeather Press - Contract Dispute", "Mercy", "Adjei", "Adjei & Strand", "Opposing Counsel", "madjei@adjeistrand.example", ""),
            ("Richter - Boundary Dispute", "Kasimir", "Hrabal", "", "Opposing Party", "", ""),
            ("Tamarack Builders - Construction Lien", "", "", "Fairhaven Roofing LLC", "Subcontractor", "estimates@fairhavenroofing.example", ""),
            ("Tamarack Builders - Construction Lien", "Giselle", "Moreau", "", "Property Owner", "", ""),
            ("Bellandi - HOA Dispute", "", "", "Maplecrest Homeowners Association", "Opposing Party", "board@maplecresthoa.example", ""),
            ("Adebayo - Custody Modification", "Callum", "Pike", "", "Opposing Party", "", ""),
            ("O'Sullivan - Insurance Claim Denial", "", "", "Beaconridge Life & Casualty", "Insurer", "appeals@beaconridge.example", ""),
            ("Ruiz-Ortega - Divorce", "Esme", "Hartwell", "Hartwell Law Office", "Opposing Counsel", "esme@hartwelllaw.example", ""),
            ("Ridgeline Solar - Breach of Warranty", "Florian", "Lamontagne", "", "Expert Witness", "", ""),
            ("Featherstone - Will Contest", "Cordelia", "Featherstone", "", "Opposing Party", "", ""),
            ("Pinecrest Apartments - Eviction", "Torvald", "Ekström", "", "Tenant", "", ""),
            ("Lindahl - Trust Administration", "Henrietta", "Lowell", "", "Referral Source", "", ""),
            ("", "Stellan", "Oyelaran", "", "Witness", "stellan.oyelaran@example.com", ""),
            ("", "", "", "Thistledown Appraisal", "Appraiser", "office@thistledownappraisal.example", ""),
        ]
        recs = []
        for r in rows:
            r = list(r)
            if r[4] != "Insurer":
                r[6] = self.phone()
            plants = [("RELATED_CONTACT_NO_MATTER", "Matter Name", "no matter")] if not r[0] else []
            recs.append(Rec(r, plants))
        # The two without a matter sit among the others, as they would in an export.
        recs.insert(9, recs.pop(23))
        recs.insert(18, recs.pop(24))
        self.files.append(CsvFile(self.fname("Matter Related Contacts Export"), "related_contacts", header, recs, mapping={
            "Matter Name": "matter", "First Name": "first_name", "Last Name": "last_name", "Company Name": "company",
            "Relationship": "relationship", "Email": "email_address", "Phone": "primary_phone"}))

    # -- notes ---------------------------------------------------------------------------------
    def build_contact_notes(self, n: int = 30) -> None:
        rng = self.rng
        header = ["Contact", "Date", "Subject", "Note", "Created By"]
        notes = {
            "Client": [("Initial consultation", "Discussed goals and fee agreement; client will send documents this week."),
                       ("Address change", "Client moved; new address updated in the contact card."),
                       ("Payment plan", "Agreed to monthly payments on the 1st; first payment received."),
                       ("Documents received", "Original documents scanned and returned to client."),
                       ("Prefers text", "Client asked for text reminders before appointments.")],
            "Prospect": [("Initial consultation", "Free 30-minute consultation; sent engagement letter to consider."),
                         ("Conflict check", "No conflicts found with existing clients or adverse parties."),
                         ("Phone message", "Returned call; left voicemail with callback number.")],
            "Other": [("Conflict check", "Added to the conflicts list."), ("Phone message", "Returned call; left voicemail with callback number."),
                      ("Referral", "Sent a thank-you note for the referral."), ("Address change", "New mailing address; contact card updated.")],
        }
        people = [c for c in self.contacts.values() if c["key"] != "Ragunathan" and c["display"]]
        people.sort(key=lambda c: c["number"])
        items = []
        for _ in range(n):
            c = rng.choice(people)
            subj, note = rng.choice(notes[c["type"]])
            # Day of month 1..12 only, so each date looks as if it could be day/month or month/day...
            since = min((m["open"] for m in self.matters if m["key"] == c["key"]), default=date(2025, 1, 2))
            while True:
                d = date(rng.choice([2025, 2026]), rng.randint(1, 12), rng.randint(1, 12))
                if since <= d < CUTOFF and d.weekday() < 5 and d not in HOLIDAYS:
                    break
            items.append([c["display"], d, subj, note, rng.choice([c["assigned"], IKS])])
        # ... except one: its day is 23, so the column is month/day/year after all.
        items[13][1] = date(2026, 3, 23)
        items.sort(key=lambda t: t[1])
        recs = []
        no_contact = {6, 21}
        for i, t in enumerate(items):
            plants = []
            if i in no_contact:
                t[0] = ""
                plants.append(("CONTACT_NOTE_NO_CONTACT", "Contact", "no contact"))
            t[1] = mdy(t[1])
            recs.append(Rec(t, plants))
        self.files.append(CsvFile(self.fname("Contact Notes Export"), "contact_notes", header, recs, mapping={
            "Contact": "contact", "Date": "date", "Subject": "subject", "Note": "detail"}))

    def build_matter_notes(self, n: int = 40) -> None:
        rng = self.rng
        header = ["Matter Name", "Date", "Subject", "Note", "Created By"]
        anywhere = [("File review", "Reviewed file; next step is the draft to the client by month end."),
                    ("Client update", "Sent status update; client happy with progress."),
                    ("Fee discussion", "Client asked for an estimate of fees for the next stage."),
                    ("Records", "Original signed documents are in the fire safe, drawer 2.")]
        in_court = [("Strategy", "Agreed to hold off on motions until mediation is scheduled."),
                    ("Settlement discussion", "Opposing counsel floated a number; client wants to think it over."),
                    ("Court call", "Clerk confirmed the hearing is on the docket."),
                    ("Deadline", "Response due 21 days after service; calendared.")]
        ms = self.named_matters()
        items = []
        for _ in range(n):
            m = rng.choice(ms)
            a, b = self.live(m)
            subj, note = rng.choice(anywhere + (in_court if m["court"] else []))
            items.append([m["name"], weekday_between(rng, a, b), subj, note, rng.choice([m["atty"], IKS])])
        items.sort(key=lambda t: (t[1], t[0]))
        recs = []
        for i, t in enumerate(items):
            plants = []
            if i in (9, 30):
                t[0] = ""
                plants.append(("MATTER_NOTE_NO_MATTER", "Matter Name", "no matter"))
            if i == 17:
                t[3] = "=SUM(A1:A3)"
                plants.append(("CELL_FORMULA", "Note", "spreadsheet formula in the note"))
            t[1] = mdy(t[1])
            recs.append(Rec(t, plants))
        self.files.append(CsvFile(self.fname("Matter Notes Export"), "matter_notes", header, recs, mapping={
            "Matter Name": "matter", "Date": "date", "Subject": "subject", "Note": "detail"}))

    # -- emails and calls ----------------------------------------------------------------------
    def build_communications(self, emails: int = 22, calls: int = 18) -> None:
        rng = self.rng
        ms = [m for m in self.named_matters() if m["key"] in self.contacts]
        mails = [("Documents for signature", "Please sign where flagged and return the originals by mail."),
                 ("Question about invoice", "Thank you for the payment; a receipt is attached."),
                 ("Draft for your review", "Attached is the draft for your comments."),
                 ("Scheduling", "Can we move Thursday's meeting to 2 PM?"),
                 ("Documents we still need", "Could you send the last three bank statements?"),
                 ("Update on your matter", "A short update on where things stand and what comes next.")]
        court_mail = [("Hearing date confirmed", "The court confirmed the date; details to follow.")]
        rows = []
        for _ in range(emails):
            m = rng.choice(ms)
            a, b = self.live(m)
            d = weekday_between(rng, a, b)
            c = self.contacts[m["key"]]
            firm = user_email(*m["atty"].split(" ", 1))
            theirs = c["email"] if "@" in c["email"] else f"{ascii_fold(c['first']).lower()}{ascii_fold(c['last']).lower()}@example.com"
            frm, to = (firm, theirs) if rng.random() < 0.6 else (theirs, firm)
            subj, body = rng.choice(mails + (court_mail if m["court"] else []))
            rows.append([d, rng.randint(8 * 60, 18 * 60), frm, to, subj, body, m["name"], m["atty"]])
        rows.sort(key=lambda r: (r[0], r[1]))
        recs = [Rec([mdy(r[0]), hm(r[1])] + r[2:]) for r in rows]
        self.files.append(CsvFile(self.fname("Emails Export"), "communications", ["Date", "Time", "From", "To", "Subject", "Body", "Matter Name", "User"],
                                  recs, mapping={"Date": "date", "Time": "time", "From": "sender", "To": "receiver", "Subject": "subject",
                                                 "Body": "body", "Matter Name": "matter", "User": "user"}))
        calls_any = [("Status call", "Gave the client an update on next steps."), ("Returned call", "Left voicemail; will try again tomorrow."),
                     ("Scheduling", "Client confirmed the appointment."), ("Question about invoice", "Explained the last invoice line by line.")]
        calls_court = [("Hearing date", "Client called about the hearing date."), ("Settlement offer", "Discussed the settlement offer with client.")]
        rows = []
        for _ in range(calls):
            m = rng.choice(ms)
            a, b = self.live(m)
            d = weekday_between(rng, a, b)
            user = rng.choice([m["atty"], IKS])
            rows.append([d, rng.randint(8 * 60, 17 * 60), rng.choice(["Incoming", "Outgoing"]), self.contacts[m["key"]]["display"], m["name"],
                         *rng.choice(calls_any + (calls_court if m["court"] else [])), str(rng.choice([3, 5, 8, 10, 15, 20, 30])), user])
        rows.sort(key=lambda r: (r[0], r[1]))
        recs = [Rec([mdy(r[0]), hm(r[1])] + r[2:]) for r in rows]
        self.files.append(CsvFile(self.fname("Call Logs Export"), "communications",
                                  ["Date", "Time", "Direction", "Contact", "Matter Name", "Subject", "Notes", "Duration (min)", "User"],
                                  recs, mapping={"Date": "date", "Time": "time", "Subject": "subject", "Notes": "body",
                                                 "Matter Name": "matter", "User": "user"}))

    # -- money ---------------------------------------------------------------------------------
    def build_balances_and_invoices(self) -> None:
        rng = self.rng
        ms = [m for m in self.named_matters() if m["key"] in self.contacts]
        # A/R: one line per matter that still owes (open matters and a couple of closed ones).
        owing = [m for m in ms if m["status"] in ("Open", "Referred Out")][::2] + [m for m in ms if m["status"] == "Closed"][:2]
        owing.sort(key=lambda m: m["name"])
        ar = []
        for m in owing:
            m["due"] = round(rng.uniform(350, 18500), 2)
            ar.append(Rec([m["name"], self.client_label(m["key"]), m["atty"], mdy(CUTOFF), money(m["due"])]))
        self.files.append(CsvFile(self.fname("Accounts Receivable"), "ar_balances", ["Matter Name", "Contact", "Assigned To", "As Of", "Invoices Due"], ar,
                                  mapping={"Matter Name": "matter", "Assigned To": "activity_user", "As Of": "date", "Invoices Due": "price"}))
        # Trust / operating balances by matter: two amount columns.
        held = [m for m in ms if m["status"] in ("Open", "Pending", "Referred Out")][::2]
        held.sort(key=lambda m: m["name"])
        tb = []
        for m in held:
            if rng.random() < 0.75:
                retainer = rng.choice([18000, 25000, 40000]) if m["group"] == PI else rng.choice([2500, 3500, 5000, 7500, 10000])
                m["trust"] = round(retainer - rng.uniform(0, 0.6 * retainer), 2)
            else:
                m["operating"] = round(rng.uniform(200, 3000), 2)
            tb.append(Rec([m["name"], self.client_label(m["key"]), mdy(CUTOFF), money(m["trust"]), money(m["operating"])]))
        self.files.append(CsvFile(self.fname("Trust Balances by Matter"), "trust_balances", ["Matter Name", "Contact", "As Of", "Trust", "Operating"], tb,
                                  mapping={"Matter Name": "matter", "Contact": "contact", "As Of": "date"},
                                  file_plants=[("BALANCE_AMBIGUOUS_COLUMN", "Trust, Operating", "two amount columns (Trust, Operating): pick Trust")]))
        # Invoices: bill history, which Clio does not take.
        inv = []
        for _ in range(30):
            m = rng.choice(ms)
            a, b = self.live(m)
            issued = weekday_between(rng, a + timedelta(days=20), b + timedelta(days=20)) if b > a + timedelta(days=20) else b
            issued = min(issued, CUTOFF - timedelta(days=1))
            total = round(rng.uniform(250, 9800), 2)
            status = rng.choice(["Paid", "Paid", "Paid", "Partial", "Unpaid"])
            paid = total if status == "Paid" else round(total / 2, 2) if status == "Partial" else 0.0
            inv.append([issued, m, total, paid, status])
        inv.sort(key=lambda r: r[0])
        recs = [Rec([str(2301 + i), self.client_label(m["key"]), m["name"], mdy(d), mdy(d + timedelta(days=30)), money(t), money(p), money(t - p), s])
                for i, (d, m, t, p, s) in enumerate(inv)]
        self.files.append(CsvFile(self.fname("Invoices Export"), "not_migratable",
                                  ["Invoice Number", "Contact", "Matter Name", "Issue Date", "Due Date", "Total", "Paid", "Balance Due", "Status"], recs,
                                  file_plants=[("FILE_NOT_MIGRATABLE", "", "invoices (bill history) cannot be migrated")]))

    # -- everything ----------------------------------------------------------------------------
    def build(self) -> None:
        self.build_contacts()
        self.build_matters()
        self.build_time()
        self.build_expenses()
        self.build_tasks()
        self.build_events()
        self.build_related()
        self.build_contact_notes()
        self.build_matter_notes()
        self.build_communications()
        self.build_balances_and_invoices()
        self.write_matters()  # last: it carries the unbilled, trust and A/R totals worked out above
        order = ["contacts", "matters", "related_contacts", "time_entries", "expense_entries", "tasks", "calendar_entries",
                 "contact_notes", "matter_notes", "communications", "ar_balances", "trust_balances", "not_migratable"]
        self.files.sort(key=lambda f: (order.index(f.data_type), f.name))

    def planted(self) -> list[dict]:
        out = []
        for f in self.files:
            for code, col, what in f.file_plants:
                out.append(dict(file=f.name, row=None, column=col, code=code, problem=what))
            for i, r in enumerate(f.recs):
                for code, col, what in r.plants:
                    out.append(dict(file=f.name, row=i + 2, column=col, code=code, problem=what))
        return out


# ----------------------------------------------------------------------------------------------
# README and truth.json

README_HEAD = """# Demo data: Whitmore & Vance LLP

**Everything in this folder is fictional.** Whitmore & Vance LLP, its staff, clients, companies,
matters, notes, phone numbers (555-01xx) and email addresses (example.com, .example) are invented
for the clio-prep demo; any likeness to real people or firms is a coincidence.

The firm is a small general-practice firm in Portland, Oregon (US region: dates are month/day/year),
with two partners, two associates and a paralegal. It is moving from PracticePanther to Clio
Manage; the files are the exports its office manager took on the cut-off date, {cutoff}, with
PracticePanther's file names and column headers (UTF-8 with a byte order mark, as PracticePanther
writes them). `users.csv` is the firm's list of Clio users (give it as `--users`; it is not an
export).

Written by `tools/make_demo.py` (standard library only, fixed seed: the same files every time).
Do not edit the files by hand: change the script and run it again
(`python tools/make_demo.py`). `truth.json` lists the same planted problems in the format of
the sample folders, for `tools/score_samples.py`.

```
clio-prep check resources/demo --users resources/demo/users.csv
```

## Files

| file | holds | records |
|---|---|---|
{files}

## Planted problems

A handful of each problem a firm typically finds in its exports. Row numbers are those a
spreadsheet shows (SPEC section 3): the header is row 1, so the first record is row 2.

| file | row | code | problem |
|---|---|---|---|
{plants}

Also in the data, on purpose:

- **Billed time.** The time entries have a `Billed` column: nearly every billable entry up to
  the last billing run ({billed_through}) is billed (`Yes`); later ones, non-billable ones and a
  few that were missed are not. Only unbilled time migrates, so each billed entry is reported as
  `ACTIVITY_BILLED` (info) and left out of the bundle: {billed} of the {time} time entries. The
  expenses export has no `Billed` column.
- **Matter statuses.** "Archived" ({archived}) and "Referred Out" ({onhold}) are not Clio statuses
  (Open, Pending, Closed). clio-prep translates "Archived" to Closed on its own (shown, and
  changeable, on the Mapping page); "Referred Out" has no obvious meaning, so it is reported as
  `MATTER_STATUS_UNMAPPED` until you choose what it means on the Mapping page.
- **A date column that only looks ambiguous.** Every date in `Contact Notes Export` has a day of
  12 or less (2/7/2026 could be February 7 or July 2) except one, {decider}, which settles the
  column as month/day/year. No finding: the data decides.
- **Trust balances.** `Trust Balances by Matter` has two amount columns, Trust and Operating.
  Clio takes one balance per matter: pick **Trust** on the Mapping page.
- **Invoices.** `Invoices Export` is bill history, which Clio cannot migrate: it is reported once
  (`FILE_NOT_MIGRATABLE`) and only kept, byte for byte, in the bundle's `source/` folder.
"""


def readme(firm: Firm, plants: list[dict]) -> str:
    files = "\n".join(f"| {f.name} | {f.data_type.replace('_', ' ')} | {len(f.recs)} |" for f in firm.files)
    files += f"\n| users.csv | the firm's Clio users (not an export) | {len(USERS)} |"
    rows = "\n".join(f"| {p['file']} | {p['row'] if p['row'] is not None else '(file)'} | "
                     f"{p['code'] if p['code'] != '(none)' else '(none: translated)'} | {p['problem']} |" for p in plants)
    time_f = next(f for f in firm.files if f.data_type == "time_entries")
    billed = sum(1 for r in time_f.recs if r.cells[-1] == "Yes")
    statuses = {m["status"]: m for m in firm.matters}
    cn = next(f for f in firm.files if f.data_type == "contact_notes")
    decider = next(r.cells[1] for r in cn.recs if int(r.cells[1].split("/")[1]) > 12)
    return README_HEAD.format(cutoff=STAMP, files=files, plants=rows, billed_through=mdy(BILLED_THROUGH), billed=billed,
                              time=len(time_f.recs), archived=_where(firm, statuses["Archived"]), onhold=_where(firm, statuses["Referred Out"]),
                              decider=decider)


def _where(firm: Firm, m: dict) -> str:
    return f"matters row {firm.matters.index(m) + 2}, {m['name']}"


def truth(firm: Firm, plants: list[dict]) -> dict:
    return {
        "style": "practicepanther",
        "seed": SEED,
        "scale": "demo",
        "region": "us",
        "firm": {"name": FIRM, "export_date": STAMP},
        "row_numbering": "SPEC section 3: line 1 of the file is row 1; the header is row 1 and the first record row 2",
        "files": [{"path": f.name, "data_type": f.data_type, "encoding": "utf-8-sig", "delimiter": ",", "header_row": 1,
                   "rows": len(f.recs), "mapping": f.mapping} for f in firm.files],
        "defects": [{"file": p["file"], "row": p["row"], "code": p["code"]} for p in plants if p["code"] != "(none)" and p["row"] is not None],
        "file_defects": [{"file": p["file"], "code": p["code"]} for p in plants if p["row"] is None],
        "users": [{"first_name": u[0], "last_name": u[1], "email": user_email(u[0], u[1]), "initials": u[2]} for u in USERS],
    }


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    firm = Firm()
    firm.build()
    for f in firm.files:
        write_csv(out, f)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["first_name", "last_name", "email", "initials"])
    for first, last, initials, _rate, _role in USERS:
        w.writerow([first, last, user_email(first, last), initials])
    (out / "users.csv").write_text(buf.getvalue(), encoding="utf-8")
    plants = firm.planted()
    (out / "README.md").write_text(readme(firm, plants), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth(firm, plants), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for f in firm.files:
        print(f"{f.name}: {len(f.recs)} records")
    print(f"{len(plants)} planted problems; written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
