"""The words generated demo organisations and people are made of (``manage.py seed_volume``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    #: What follows the place in a business name: "Bondi" + "Family Dental".
    names: tuple[str, ...]
    #: (slug, name, rings people): the first is always the line customers ring.
    projects: tuple[tuple[str, str, bool], ...]
    services: tuple[str, ...]


INDUSTRIES = (
    Industry(
        ("Dental", "Family Dental", "Smile Studio", "Dental Care"),
        (
            ("bookings", "Bookings line", False),
            ("reminders", "Appointment reminders", True),
            ("recalls", "Check-up recalls", True),
        ),
        ("check-up and clean", "filling", "consultation", "whitening consultation"),
    ),
    Industry(
        ("Physiotherapy", "Physio & Pilates", "Sports Physio"),
        (
            ("bookings", "Bookings line", False),
            ("reminders", "Appointment reminders", True),
        ),
        ("initial assessment", "follow-up session", "remedial massage", "Pilates class"),
    ),
    Industry(
        ("Veterinary Clinic", "Vets", "Animal Hospital"),
        (
            ("reception", "Reception line", False),
            ("vaccinations", "Vaccination reminders", True),
        ),
        ("vaccination", "annual check-up", "desexing consultation", "dental clean for a pet"),
    ),
    Industry(
        ("Plumbing", "Plumbing & Gas", "Plumbing Services"),
        (
            ("enquiries", "Job enquiries", False),
            ("quotes", "Quote follow-ups", True),
        ),
        ("hot water service", "blocked drain", "gas fitting quote", "leak inspection"),
    ),
    Industry(
        ("Electrical", "Electrical Services", "Sparkies"),
        (
            ("enquiries", "Job enquiries", False),
            ("quotes", "Quote follow-ups", True),
        ),
        ("switchboard upgrade", "safety inspection", "lighting quote", "solar check"),
    ),
    Industry(
        ("Legal", "Lawyers", "Law Group"),
        (
            ("enquiries", "Enquiries line", False),
            ("consultations", "Consultation reminders", True),
        ),
        ("initial consultation", "conveyancing enquiry", "will appointment"),
    ),
    Industry(
        ("Real Estate", "Property", "Realty"),
        (
            ("enquiries", "Enquiries line", False),
            ("open-homes", "Open home follow-ups", True),
            ("inspections", "Rental inspections", True),
        ),
        ("property appraisal", "open home", "rental inspection", "lease renewal"),
    ),
    Industry(
        ("Auto Care", "Mechanics", "Motor Works"),
        (
            ("bookings", "Service bookings", False),
            ("reminders", "Service reminders", True),
        ),
        ("logbook service", "brake check", "roadworthy inspection", "tyre fitting"),
    ),
    Industry(
        ("Medical Centre", "Family Practice", "Health Clinic"),
        (
            ("appointments", "Appointments line", False),
            ("recalls", "Recall reminders", True),
            ("results", "Results callbacks", True),
        ),
        ("GP appointment", "flu vaccination", "skin check", "health assessment"),
    ),
    Industry(
        ("Hair Studio", "Beauty Bar", "Barbers"),
        (
            ("bookings", "Bookings line", False),
            ("reminders", "Appointment reminders", True),
        ),
        ("cut and colour", "haircut", "beard trim", "brow appointment"),
    ),
    Industry(
        ("Accountants", "Tax & Accounting", "Bookkeeping"),
        (
            ("enquiries", "Enquiries line", False),
            ("reminders", "Lodgement reminders", True),
        ),
        ("tax return appointment", "BAS review", "business advice meeting"),
    ),
)

PLACES = (
    "Bondi",
    "Manly",
    "Parramatta",
    "Chatswood",
    "Newtown",
    "Surry Hills",
    "Paddington",
    "Mosman",
    "Cronulla",
    "Coogee",
    "Penrith",
    "Wollongong",
    "Newcastle",
    "Byron Bay",
    "Coffs Harbour",
    "Port Macquarie",
    "Orange",
    "Dubbo",
    "Wagga Wagga",
    "Albury",
    "Canberra",
    "Fitzroy",
    "Brunswick",
    "Carlton",
    "St Kilda",
    "Richmond",
    "Hawthorn",
    "Brighton",
    "Geelong",
    "Ballarat",
    "Bendigo",
    "Southbank",
    "Fremantle",
    "Subiaco",
    "Joondalup",
    "Mandurah",
    "Bunbury",
    "Glenelg",
    "Norwood",
    "Hobart",
    "Launceston",
    "Darwin",
    "Cairns",
    "Townsville",
    "Mackay",
    "Toowoomba",
    "Noosa",
    "Ipswich",
    "Bundaberg",
    "Southport",
)

PARTNER_FIRST = (
    "Southern Cross",
    "Blue Gum",
    "Wattle",
    "Coastal",
    "Outback",
    "Harbour",
    "Red Centre",
    "Kookaburra",
    "Eucalypt",
    "Bayside",
    "Coral Sea",
    "Tasman",
    "Banksia",
    "Ironbark",
    "Sandstone",
)
PARTNER_SECOND = (
    "Digital",
    "Agency",
    "Growth Partners",
    "Marketing",
    "Connect",
    "Media",
    "Solutions",
    "Business Services",
)

FIRST_NAMES = (
    "Olivia",
    "Jack",
    "Charlotte",
    "Noah",
    "Mia",
    "William",
    "Amelia",
    "Oliver",
    "Isla",
    "Thomas",
    "Ava",
    "Lachlan",
    "Grace",
    "Liam",
    "Chloe",
    "Ethan",
    "Zoe",
    "Lucas",
    "Matilda",
    "Harrison",
    "Sophie",
    "Cooper",
    "Ruby",
    "Hamish",
    "Emily",
    "Mitchell",
    "Priya",
    "Arjun",
    "Mei",
    "Wei",
    "Linh",
    "Minh",
    "Aisha",
    "Omar",
    "Sofia",
    "Luca",
    "Eleni",
    "Nikos",
    "Hannah",
    "Declan",
    "Tahlia",
    "Bailey",
    "Jasmine",
    "Riley",
    "Kirra",
    "Jarrah",
    "Maddison",
    "Ben",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Wilson",
    "Taylor",
    "Nguyen",
    "Johnson",
    "Martin",
    "White",
    "Anderson",
    "Walker",
    "Thompson",
    "Thomas",
    "Lee",
    "Ryan",
    "Chen",
    "Kelly",
    "King",
    "Harris",
    "Singh",
    "Patel",
    "Wang",
    "Tran",
    "Murphy",
    "O'Brien",
    "Campbell",
    "Robinson",
    "Clarke",
    "Papadopoulos",
    "Rossi",
    "Kaur",
    "Mitchell",
    "Hughes",
    "Fraser",
    "McDonald",
    "Stewart",
    "Baker",
    "Le",
    "Pham",
    "Kim",
    "Ali",
    "Hassan",
    "Young",
    "Edwards",
    "Russo",
)

#: Browsers people sign in with, as their user-agent strings.
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
)

#: (category, subject, message) of the tickets organisations open.
TICKETS = (
    (
        "calls",
        "Calls going to voicemail after 5 pm",
        "Since Monday our after-hours calls go straight to voicemail instead of the agent. "
        "Could you check the bookings line's schedule?",
    ),
    (
        "calls",
        "Wrong practice name in reminder calls",
        "A few patients said the reminder call used our old trading name. Where do we change "
        "the greeting?",
    ),
    (
        "calls",
        "Transcript missing for a completed call",
        "One call from yesterday afternoon shows as completed but has no transcript. Can you "
        "look into it?",
    ),
    (
        "billing",
        "Invoice shows more minutes than expected",
        "Last month's invoice has about 300 more minutes than our own records. Could you send "
        "a breakdown by project?",
    ),
    (
        "billing",
        "Change of billing contact",
        "Our accounts person has changed. Please send future invoices to the new finance team.",
    ),
    (
        "access",
        "New staff member cannot sign in",
        "We invited a new receptionist but she gets 'Access denied' after entering her "
        "password. What are we missing?",
    ),
    (
        "access",
        "Lost authenticator app",
        "I replaced my phone and no longer have the authenticator. I have used my recovery "
        "codes. How do I set up a new one?",
    ),
    (
        "integrations",
        "Webhook deliveries failing",
        "Our booking system stopped receiving call-completed webhooks this morning. The "
        "endpoint answers normally when we test it.",
    ),
    (
        "integrations",
        "Connecting our practice software",
        "We'd like call outcomes to appear in our practice management system. Is there a guide "
        "for the API?",
    ),
    (
        "other",
        "Adding a second location",
        "We're opening a second clinic next month. Can it have its own number and project?",
    ),
)

#: (title, body, impact, components, minutes it lasted) of past incidents, newest first.
INCIDENTS = (
    (
        "Delayed call transcripts",
        "Transcripts for completed calls appeared up to 20 minutes late. Calls themselves were "
        "not affected. The transcription queue has caught up.",
        "minor",
        ("portal",),
        95,
    ),
    (
        "Outbound calls failing for some numbers",
        "A carrier routing fault made some outbound calls to Optus mobiles fail. Traffic was "
        "moved to another carrier and calls are connecting normally.",
        "major",
        ("outbound-calling",),
        70,
    ),
    (
        "Integration API errors",
        "Some API requests answered with errors during a database failover. Requests retried "
        "by clients succeeded.",
        "minor",
        ("integration-api",),
        25,
    ),
    (
        "Inbound calls not answered",
        "Inbound calls rang out without being answered for a short time after a faulty "
        "configuration change. The change was rolled back.",
        "critical",
        ("inbound-calling",),
        40,
    ),
    (
        "Portal slow to load",
        "Dashboard and calls pages loaded slowly during scheduled maintenance that ran longer "
        "than planned.",
        "minor",
        ("portal",),
        55,
    ),
)
