"""A variant of the starter contract for the scope and follow-through tests.

It adds an object in the test environment (out of scope: only production is, which
`remit check` reports as RM120),
an exclusion rule for requests about the ERP, a database contractor that
engineering hands P1 tickets to, and a database vendor whose cases are followed
up every 4 hours by that contractor.
"""

from __future__ import annotations

from desk_builders import starter_text

DBOPS = """  dbops:
    name: Example Database Services
    roles: [os_dbms_contractor]
    calendar: office
    contacts:
      dba: {name: On-call DBA, email: dba@example-db.com, after_hours: true}
    channels:
      emergency: [{kind: phone, address: "+49 30 5559 3000", calendar: always}]
  dbvendor:
    name: Example Database Vendor
    roles: [vendor]
    calendar: office
    channels:
      routine: [{kind: portal, address: "https://support.example-dbvendor.com"}]
operating_model:
"""

ERP_TEST = """  erp-test:
    kind: application
    role: ERP test system
    layers: [application]
    location: srv-app-01
    environment: test
    product: Example ERP
    edition: Business
    version: "5.3.0-rc1"
    owner: client.it
    executor: developer
    criticality: low
  bank-export:
"""

EXCLUSION_RULES = """    - Third-party services not on the approved list
  exclusion_rules:
    - clause: Training users on the ERP is not part of this contract
      objects: erp
      categories: request
"""

VENDORS = """access:
"""

VENDOR_HANDLING = """vendors:
  - product: PostgreSQL
    vendor: dbvendor
    opens_cases: provider
    collects_logs: dbops
    correspondence: dbops
    decides_fixes: client
    follow_up: 4h

access:
"""

P1_OWNERSHIP = (
    "ownership: {intake: provider, engineering: provider, handoff_after: 15m, vendor_after: 2h"
)
P1_TO_DBOPS = (
    "ownership: {intake: provider, engineering: dbops, handoff_after: 15m, vendor_after: 2h"
)


def terms_text() -> str:
    text = starter_text()
    replacements = (
        ("operating_model:\n", DBOPS),
        ("  bank-export:\n", ERP_TEST),
        ("    - Third-party services not on the approved list\n", EXCLUSION_RULES),
        (VENDORS, VENDOR_HANDLING),
        (P1_OWNERSHIP, P1_TO_DBOPS),
    )
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text
