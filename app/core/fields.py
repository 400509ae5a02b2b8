"""Clio's data types and fields (SPEC section 2): names, kinds, requirements, output order.

Everything here is the contract. Header aliases that are not specific to one source program
live in ``resources/aliases.json``; per-program knowledge lives in ``resources/profiles/``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Field kinds drive parsing, normalising and content sniffing.
TEXT = "text"
NAME = "name"  # a person's name part
COMPANY = "company"
FULL_NAME = "full_name"  # pseudo-field: split into first / middle / last (or company)
EMAIL = "email"
PHONE = "phone"
DATE = "date"
TIME = "time"
DATETIME = "datetime"  # pseudo-fields start / end
MONEY = "money"
HOURS = "hours"
NUMBER = "number"
BOOL = "bool"
STATUS = "status"
USER = "user"
MATTER_REF = "matter_ref"
CONTACT_REF = "contact_ref"
URL = "url"


@dataclass(frozen=True)
class DataType:
    name: str
    label: str  # as a firm says it
    fields: dict[str, str]  # field -> kind, in Clio's template order where known
    required: tuple[str, ...]  # the seed's required fields (see SPEC; contacts need a name OR company)
    output: tuple[str, ...]  # columns of clio/<data_type>.csv


def _dt(name: str, label: str, fields: dict[str, str], required: tuple[str, ...], output=None) -> DataType:
    return DataType(name, label, fields, required, tuple(output or fields))


DATA_TYPES: dict[str, DataType] = {
    d.name: d
    for d in (
        _dt(
            "contacts",
            "Contacts",
            {
                "title": TEXT, "first_name": NAME, "middle_name": NAME, "last_name": NAME,
                "company": COMPANY, "job_title": TEXT, "email_address": EMAIL,
                "primary_phone": PHONE, "mobile_phone": PHONE, "home_phone": PHONE, "fax": PHONE,
                "business_street": TEXT, "business_city": TEXT, "business_state": TEXT,
                "business_postal_code": TEXT, "country": TEXT, "website": URL, "notes": TEXT,
                "full_name": FULL_NAME,
            },
            ("first_name", "last_name", "company"),
            output=(
                "title", "first_name", "middle_name", "last_name", "company", "job_title",
                "email_address", "primary_phone", "mobile_phone", "home_phone", "fax",
                "business_street", "business_city", "business_state", "business_postal_code",
                "country", "website", "notes",
            ),
        ),
        _dt(
            "matters",
            "Matters",
            {
                "status": STATUS, "location": TEXT, "client_reference": TEXT, "description": TEXT,
                "open_date": DATE, "pending_date": DATE, "close_date": DATE, "custom_number": TEXT,
                "note": TEXT, "client": CONTACT_REF, "client_first_name": NAME,
                "client_last_name": NAME, "client_company_name": COMPANY,
                "responsible_attorney": USER, "originating_attorney": USER, "practice_area": TEXT,
                "statute_of_limitations": DATE,
            },
            ("custom_number", "description", "status", "client"),
            output=(
                "status", "location", "client_reference", "description", "open_date",
                "pending_date", "close_date", "custom_number", "note", "client_first_name",
                "client_last_name", "client_company_name", "responsible_attorney",
                "originating_attorney", "practice_area", "statute_of_limitations",
            ),
        ),
        _dt(
            "related_contacts",
            "Related contacts",
            {
                "matter": MATTER_REF, "first_name": NAME, "last_name": NAME, "company": COMPANY,
                "relationship": TEXT, "email_address": EMAIL, "primary_phone": PHONE,
                "full_name": FULL_NAME,
            },
            ("matter", "first_name", "last_name", "company"),
            output=("matter", "first_name", "last_name", "company", "relationship",
                    "email_address", "primary_phone"),
        ),
        _dt(
            "tasks",
            "Tasks",
            {
                "name": TEXT, "description": TEXT, "status": STATUS, "due_date": DATE,
                "assignee": USER, "matter": MATTER_REF, "priority": TEXT,
            },
            ("name", "status", "due_date", "assignee"),
        ),
        _dt(
            "calendar_entries",
            "Calendar entries",
            {
                "summary": TEXT, "description": TEXT, "location": TEXT, "start_date": DATE,
                "start_time": TIME, "end_date": DATE, "end_time": TIME, "all_day": BOOL,
                "calendar": USER, "matter": MATTER_REF, "start": DATETIME, "end": DATETIME,
            },
            ("summary", "start_date", "start_time", "end_date", "end_time", "calendar"),
            output=("summary", "description", "location", "start_date", "start_time", "end_date",
                    "end_time", "all_day", "calendar", "matter"),
        ),
        _dt(
            "contact_notes",
            "Contact notes",
            {"contact": CONTACT_REF, "date": DATE, "subject": TEXT, "detail": TEXT},
            ("contact", "date", "subject", "detail"),
        ),
        _dt(
            "matter_notes",
            "Matter notes",
            {"matter": MATTER_REF, "date": DATE, "subject": TEXT, "detail": TEXT},
            ("matter", "date", "subject", "detail"),
        ),
        _dt(
            "communications",
            "Emails and phone logs",
            {
                "type": TEXT, "date": DATE, "time": TIME, "subject": TEXT, "body": TEXT,
                "sender": TEXT, "receiver": TEXT, "matter": MATTER_REF, "user": USER,
            },
            (),
        ),
        _dt(
            "time_entries",
            "Time entries",
            {
                "matter": MATTER_REF, "date": DATE, "activity_description": TEXT, "note": TEXT,
                "price": MONEY, "quantity": HOURS, "activity_user": USER, "non_billable": BOOL,
                "hours_minutes": HOURS,
            },
            ("date", "activity_user", "quantity", "price"),
            output=("matter", "date", "activity_description", "note", "price", "quantity",
                    "type", "activity_user", "non_billable"),
        ),
        _dt(
            "expense_entries",
            "Expense entries",
            {
                "matter": MATTER_REF, "date": DATE, "activity_description": TEXT, "note": TEXT,
                "price": MONEY, "quantity": NUMBER, "activity_user": USER, "non_billable": BOOL,
            },
            ("date", "activity_user", "quantity", "price"),
            output=("matter", "date", "activity_description", "note", "price", "quantity",
                    "type", "activity_user", "non_billable"),
        ),
        _dt(
            "ar_balances",
            "Unpaid balances (A/R)",
            {"matter": MATTER_REF, "date": DATE, "price": MONEY, "activity_user": USER, "note": TEXT},
            ("date", "price", "activity_user"),
            output=("matter", "date", "activity_description", "note", "price", "quantity",
                    "activity_user"),
        ),
        _dt(
            "trust_balances",
            "Trust balances",
            {"matter": MATTER_REF, "contact": CONTACT_REF, "date": DATE, "balance": MONEY},
            (),
            output=("matter", "contact", "date", "balance"),
        ),
    )
}

NOT_MIGRATABLE = "not_migratable"
UNKNOWN = "unknown"
ALL_TYPE_NAMES = (*DATA_TYPES, NOT_MIGRATABLE, UNKNOWN)

# Order in which types are processed: references point backwards (matters need contacts...).
PROCESS_ORDER = (
    "contacts", "matters", "related_contacts", "tasks", "calendar_entries", "contact_notes",
    "matter_notes", "communications", "time_entries", "expense_entries", "ar_balances",
    "trust_balances",
)

PSEUDO_FIELDS = ("full_name", "start", "end", "hours_minutes")

MATTER_STATUSES = ("Open", "Pending", "Closed")
TASK_STATUSES = ("Pending", "In-Progress", "Complete")

# Which kinds hold amounts (a balances file with several of these is ambiguous).
AMOUNT_KINDS = (MONEY,)


def field_kind(data_type: str, field: str) -> str:
    return DATA_TYPES[data_type].fields.get(field, TEXT)


def is_required_date(data_type: str, field: str) -> bool:
    return field in DATA_TYPES[data_type].required
