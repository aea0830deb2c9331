"""What demo calls say: outcomes, durations, transcripts and Australian phone numbers.

Shared by ``manage.py seed_demo`` (the named demo clients' month of calls) and
``manage.py seed_volume`` (the generated volume around them). Everything is drawn from the
``random.Random`` passed in, so a seed gives the same calls on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.calls.models import Call

Status = Call.Status
Direction = Call.Direction


def local_zone() -> dt.tzinfo:
    """Where the demo businesses are: Sydney time, or a fixed AEST without a zone database."""
    try:
        return ZoneInfo("Australia/Sydney")
    except ZoneInfoNotFoundError:
        return dt.timezone(dt.timedelta(hours=10), "AEST")


@dataclass(frozen=True)
class Outcome:
    text: str
    seconds: tuple[int, int]
    transcript: str


FIRST_NAMES = (
    "Charlotte",
    "Oliver",
    "Amelia",
    "William",
    "Isla",
    "Lucas",
    "Grace",
    "Henry",
    "Chloe",
    "Leo",
    "Zoe",
    "Thomas",
    "Ruby",
    "James",
    "Matilda",
    "Harrison",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
TIMES = ("8:30 am", "9:15 am", "10 am", "11:45 am", "1:30 pm", "2:15 pm", "3 pm", "4:30 pm")
DENTAL_SERVICES = ("check-up and clean", "filling", "consultation", "whitening consultation")
GENERAL_SERVICES = ("consultation", "follow-up appointment", "first appointment")
#: What the named demo clients (``demo.json``) are booked for.
SERVICES_BY_TENANT = {"acme": DENTAL_SERVICES, "brightsmile": DENTAL_SERVICES}

INBOUND_OUTCOMES = (
    (
        40,
        Outcome(
            "Appointment booked",
            (90, 300),
            "Agent: Thanks for calling {tenant}. How can I help today?\n"
            "Caller: Hi, it's {name}. I'd like to book a {service}.\n"
            "Agent: I have {day} at {time}. Does that suit you?\n"
            "Caller: Yes, that works.\n"
            "Agent: You're booked for {day} at {time}. We'll text you a confirmation.",
        ),
    ),
    (
        15,
        Outcome(
            "Appointment rescheduled",
            (80, 240),
            "Agent: Thanks for calling {tenant}. How can I help today?\n"
            "Caller: This is {name}, I need to move my appointment.\n"
            "Agent: No problem. The next opening is {day} at {time}.\n"
            "Caller: Great, I'll take it.\n"
            "Agent: Done. Your appointment is now {day} at {time}.",
        ),
    ),
    (
        20,
        Outcome(
            "Question answered",
            (40, 150),
            "Agent: Thanks for calling {tenant}. How can I help today?\n"
            "Caller: What are your opening hours on {day}?\n"
            "Agent: We're open from 8 am to 5:30 pm on {day}.\n"
            "Caller: Thanks, that's all.",
        ),
    ),
    (
        15,
        Outcome(
            "Transferred to reception",
            (60, 420),
            "Agent: Thanks for calling {tenant}. How can I help today?\n"
            "Caller: It's {name}, I have a question about my invoice.\n"
            "Agent: I'll put you through to reception, one moment.",
        ),
    ),
    (
        10,
        Outcome(
            "Message taken",
            (45, 180),
            "Agent: Thanks for calling {tenant}. How can I help today?\n"
            "Caller: Could someone call {name} back about a {service}?\n"
            "Agent: Of course. I've passed your message on; the team will call you back today.",
        ),
    ),
)
OUTBOUND_OUTCOMES = (
    (
        50,
        Outcome(
            "Appointment confirmed",
            (30, 120),
            "Agent: Hi {name}, this is {tenant} calling about your {service} on {day} at "
            "{time}. Can you still make it?\n"
            "Caller: Yes, I'll be there.\n"
            "Agent: Thank you, see you then.",
        ),
    ),
    (
        15,
        Outcome(
            "Reschedule requested",
            (60, 200),
            "Agent: Hi {name}, this is {tenant} calling about your {service} on {day}.\n"
            "Caller: I can't make that one, sorry.\n"
            "Agent: How about {time} the following {day}?\n"
            "Caller: That's better, thanks.",
        ),
    ),
    (
        8,
        Outcome(
            "Appointment cancelled",
            (30, 100),
            "Agent: Hi {name}, this is {tenant} calling about your {service} on {day}.\n"
            "Caller: Please cancel it, I'll call when I'm ready to rebook.\n"
            "Agent: It's cancelled. Thanks for letting us know.",
        ),
    ),
    (
        27,
        Outcome(
            "Voicemail left",
            (15, 40),
            "Agent: Hi {name}, this is {tenant} with a reminder about your {service} on {day} "
            "at {time}. Call us back if you need to change it.",
        ),
    ),
)
#: (status, weight, outcome) of the calls that did not connect.
UNCONNECTED = {
    Direction.INBOUND: (
        (Status.NO_ANSWER, 6, "Caller hung up before answer"),
        (Status.FAILED, 2, "Call dropped"),
    ),
    Direction.OUTBOUND: (
        (Status.NO_ANSWER, 14, "No answer"),
        (Status.BUSY, 6, "Line busy"),
        (Status.FAILED, 4, "Number unreachable"),
    ),
}


#: Local opening hours, repeated by how busy each hour is.
BUSINESS_HOURS = (8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17)


def phone_number(rng: random.Random) -> str:
    """An Australian number in E.164: mostly mobiles (+61 4xx), some landlines."""
    digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
    if rng.random() < 0.75:
        return f"+614{digits}"
    return f"+61{rng.choice('2378')}{digits}"


def call_result(
    rng: random.Random, direction: str, *, tenant_name: str, services: tuple[str, ...]
) -> tuple[str, str, int, str]:
    """Status, outcome, duration and transcript; weights are percentages of all calls."""
    roll = rng.uniform(0, 100)
    for status, weight, text in UNCONNECTED[Direction(direction)]:
        if roll < weight:
            return status, text, 0, ""
        roll -= weight
    choices = OUTBOUND_OUTCOMES if direction == Direction.OUTBOUND else INBOUND_OUTCOMES
    outcome = rng.choices([item for _, item in choices], weights=[weight for weight, _ in choices])[
        0
    ]
    transcript = outcome.transcript.format(
        tenant=tenant_name,
        name=rng.choice(FIRST_NAMES),
        service=rng.choice(services),
        day=rng.choice(DAYS),
        time=rng.choice(TIMES),
    )
    return Status.COMPLETED, outcome.text, rng.randint(*outcome.seconds), transcript
