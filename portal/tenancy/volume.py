"""Demo volume around the named demo accounts: organisations, people, calls and their paperwork.

``volume_generate`` replaces whatever an earlier run generated and writes, in one transaction:
generated client, partner (with clients) and, when there is none, internal tenants, suspended
and closed ones among them; their projects; people in every role with their memberships;
calls over the last ``CALL_DAYS`` days in business hours (the named demo clients get calls too);
support tickets, invoices and audit events. Everything is drawn from random generators seeded
by ``seed`` (one per part), so a seed and a moment give the same rows. Rows are written in
batches, so memory stays bounded at any scale.

What it owns, and so replaces: tenants whose slug starts with ``TENANT_PREFIX`` (with
everything in them), users whose email ends with ``EMAIL_SUFFIX``, calls and audit events whose
metadata/details carry ``MARKER``, and invoices numbered ``INVOICE_PREFIX…``. The named demo
organisations' support tickets and AiDial's past incidents are added once, when there are none.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, reset_queries, transaction
from django.db.models import Q
from django.utils.text import slugify

from portal.access.roles import MANDATORY_MFA_ROLES
from portal.accounts.models import PortalUser
from portal.audit.models import Action, AuditEvent, Outcome
from portal.billing.models import Invoice
from portal.calls.models import Call
from portal.status.models import Incident, ServiceComponent
from portal.support.models import SupportTicket
from portal.tenancy import demo_calls, volume_names
from portal.tenancy.constants import CLIENT_ROLES, INTERNAL_ROLES, PARTNER_ROLES
from portal.tenancy.management.commands.seed_demo import CAMPAIGN_PROJECTS, DEMO_FILE
from portal.tenancy.models import Membership, Project, Tenant

TENANT_PREFIX = "vol-"
EMAIL_SUFFIX = ".vol.example"
MARKER_KEY = "source"
MARKER = "seed_volume"
INVOICE_PREFIX = "AD-"
CALL_DAYS = 90
BATCH_SIZE = 5000
#: Months of invoices before the current one.
INVOICE_MONTHS = 3

#: How much bigger than a typical generated client the named demo clients are.
NAMED_CLIENT_SIZE = {"acme": 12, "brightsmile": 8}
#: The named demo account whose email the provider has not verified: it never gets in.
NEVER_SIGNS_IN = frozenset({"val.unverified@acme.example"})
#: The named demo account that has not set up its mandatory MFA yet.
MFA_NOT_ENROLLED = frozenset({"noah.new@northwind.example"})
KNOWN_ROLES = CLIENT_ROLES + PARTNER_ROLES + INTERNAL_ROLES
FAILED_SIGN_IN_REASONS = ("state_mismatch", "idp_error:access_denied", "idp_error:login_required")
CLIENT_SIZES = (1, 1, 1, 2, 2, 3, 4, 6, 10)
#: Monthly fee and price per billed minute (cents) by plan.
PLAN_PRICES = {
    "starter": (9_900, 45),
    "standard": (24_900, 38),
    "professional": (59_900, 30),
    "partner": (150_000, 0),
}
PARTNER_CENTS_PER_CLIENT_MINUTE = 4
CLIENT_PLANS = (("starter", 40), ("standard", 45), ("professional", 15))
#: Share of each client role among a client's people after its first admin.
CLIENT_ROLE_WEIGHTS = (("client_admin", 12), ("client_manager", 28), ("client_staff", 60))
PARTNER_ROLE_WEIGHTS = (("partner_admin", 35), ("partner_user", 65))

Direction = Call.Direction
Status = Call.Status
M = TypeVar("M", bound=models.Model)
A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True)
class Scale:
    tenants: int
    users: int
    calls: int
    seed: int
    now: dt.datetime
    batch_size: int = BATCH_SIZE


@dataclass
class _Line:
    project: Project
    campaign: bool


@dataclass
class _Org:
    """A tenant being filled, and what the generator needs to know about it."""

    tenant: Tenant
    code: str
    services: tuple[str, ...] = ()
    size: int = 1
    #: Calls stop this many days before now (a suspended or closed organisation went quiet).
    quiet_days: int = 0
    lines: list[_Line] = field(default_factory=list)
    people: list[tuple[PortalUser, str]] = field(default_factory=list)
    generated: bool = True


@dataclass(frozen=True)
class _Seen:
    """Who did something, from where: the fields every event of one person shares."""

    user: PortalUser
    tenant: Tenant
    ip: str
    user_agent: str

    def event(
        self,
        action: str,
        at: dt.datetime,
        outcome: str = Outcome.SUCCEEDED,
        *,
        reason: str = "",
        details: dict[str, object] | None = None,
    ) -> AuditEvent:
        return AuditEvent(
            created_at=at,
            actor=self.user,
            actor_tenant=self.tenant,
            target_tenant=self.tenant,
            action=action,
            outcome=outcome,
            reason=reason,
            ip=self.ip,
            user_agent=self.user_agent,
            details={MARKER_KEY: MARKER, **(details or {})},
        )


@dataclass
class Summary:
    tenants: int = 0
    projects: int = 0
    users: int = 0
    calls: int = 0
    tickets: int = 0
    invoices: int = 0
    audit_events: int = 0
    incidents: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in vars(self).items())


def volume_present() -> bool:
    return Tenant.objects.filter(slug__startswith=TENANT_PREFIX).exists()


def volume_remove() -> None:
    """Delete every row an earlier run generated (the named demo accounts stay)."""
    tenants = Tenant.objects.filter(slug__startswith=TENANT_PREFIX)
    users = PortalUser.objects.filter(email__endswith=EMAIL_SUFFIX)
    # Audit events are append-only for the portal; generated ones are demo data and go with
    # the rows they describe.
    AuditEvent.objects.filter(
        Q(**{f"details__{MARKER_KEY}": MARKER})
        | Q(actor_tenant__in=tenants)
        | Q(target_tenant__in=tenants)
        | Q(actor__in=users)
    ).delete()
    Invoice.objects.filter(Q(number__startswith=INVOICE_PREFIX) | Q(tenant__in=tenants)).delete()
    Call.objects.filter(tenant__in=tenants).delete()
    Call.objects.filter(**{f"metadata__{MARKER_KEY}": MARKER}).delete()
    SupportTicket.objects.filter(tenant__in=tenants).delete()
    users.delete()
    # A partner cannot go while its clients are there.
    tenants.filter(kind=Tenant.Kind.CLIENT).delete()
    tenants.delete()


def volume_generate(*, scale: Scale) -> Summary:
    """Replace the generated demo volume with a fresh one of ``scale``, all or nothing."""
    if scale.tenants < 3 or scale.users < 7 or scale.calls < 0:
        raise ValueError("the demo volume needs at least 3 tenants, 7 users and 0 calls")
    with transaction.atomic():
        volume_remove()
        return _Generator(scale).run()


def batched(items: Iterable[M], size: int) -> Iterator[list[M]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class _Generator:
    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self.rng = random.Random(scale.seed)  # noqa: S311 (demo data, not secrets)
        self.now = scale.now
        self.zone = demo_calls.local_zone()
        self.today = self.now.astimezone(self.zone).date()
        self.summary = Summary()
        #: (tenant id, first day of month) → billed minutes.
        self.minutes: dict[tuple[int, dt.date], int] = defaultdict(int)
        self.emails: set[str] = set()

    def run(self) -> Summary:
        named = self._named_orgs()
        named_clients = [org for org in named if org.tenant.kind == Tenant.Kind.CLIENT]
        partners, clients, internal = self._tenants(self._internal_tenant())
        self._projects(clients)
        self._section("people")
        self._people(internal, partners, clients)
        self._section("calls")
        self._calls([*clients, *named_clients])
        self._section("tickets")
        self._tickets([*partners, *clients])
        # Added once, so drawn apart: whether they were added leaves the other rows the same.
        self._section("named tickets")
        self._tickets([org for org in named if not org.tenant.support_tickets.exists()])
        self._section("invoices")
        self._invoices([*partners, *clients, *named])
        self._section("audit")
        self._audit([internal, *partners, *clients, *named])
        self._section("incidents")
        self._incidents()
        return self.summary

    def _section(self, name: str) -> None:
        """A generator of its own per part, so one part's size never shifts another's draws."""
        self.rng = random.Random(f"{self.scale.seed}:{name}")  # noqa: S311

    # Organisations.

    def _named_orgs(self) -> list[_Org]:
        slugs = [row["slug"] for row in json.loads(DEMO_FILE.read_text())["tenants"]]
        orgs = []
        for tenant in Tenant.objects.filter(slug__in=slugs).exclude(kind=Tenant.Kind.INTERNAL):
            org = _Org(
                tenant,
                code=tenant.slug.upper(),
                services=demo_calls.SERVICES_BY_TENANT.get(
                    tenant.slug, demo_calls.GENERAL_SERVICES
                ),
                size=NAMED_CLIENT_SIZE.get(tenant.slug, 3),
                quiet_days=0 if tenant.is_active else 12,
                generated=False,
            )
            org.lines = [
                _Line(project, project.slug in CAMPAIGN_PROJECTS)
                for project in tenant.projects.order_by("slug")
            ]
            memberships = Membership.objects.filter(tenant=tenant).select_related("user")
            org.people = [(m.user, m.role) for m in memberships.order_by("user__email")]
            orgs.append(org)
        return orgs

    def _internal_tenant(self) -> _Org | None:
        tenant = (
            Tenant.objects.filter(kind=Tenant.Kind.INTERNAL)
            .exclude(slug__startswith=TENANT_PREFIX)
            .order_by("pk")
            .first()
        )
        if tenant is None:
            return None
        org = _Org(tenant, code="AIDIAL", generated=False)
        memberships = Membership.objects.filter(tenant=tenant).select_related("user")
        org.people = [(m.user, m.role) for m in memberships.order_by("user__email")]
        return org

    def _tenants(self, internal: _Org | None) -> tuple[list[_Org], list[_Org], _Org]:
        rng = self.rng
        total = self.scale.tenants
        n_partners = max(1, round(total * 0.12))
        n_internal = 1 if internal is None else 0
        n_clients = total - n_partners - n_internal
        slugs: set[str] = set()

        def slug_for(name: str) -> str:
            base = f"{TENANT_PREFIX}{slugify(name)}"[:52]
            slug, number = base, 1
            while slug in slugs:
                number += 1
                slug = f"{base}-{number}"
            slugs.add(slug)
            return slug

        partner_names = _pairs(rng, volume_names.PARTNER_FIRST, volume_names.PARTNER_SECOND)
        partners = []
        for index in range(n_partners):
            name = " ".join(next(partner_names))
            tenant = Tenant(
                slug=slug_for(name),
                name=name,
                kind=Tenant.Kind.PARTNER,
                plan="partner",
                features=["partner_workspace", "team"],
                created_at=self._days_ago(rng.randint(400, 1500)),
            )
            partners.append(_Org(tenant, code=f"P{index + 1:04d}"))
        if n_partners >= 10:
            partners[-1].tenant.status = Tenant.Status.SUSPENDED
        self._insert(Tenant, [org.tenant for org in partners])

        # The first client is active and belongs to the first partner, whatever the draw.
        others = list(range(1, n_clients))
        n_suspended = max(1 if n_clients >= 3 else 0, round(n_clients * 0.07))
        n_closed = max(1 if n_clients >= 4 else 0, round(n_clients * 0.04))
        stopped = rng.sample(others, min(len(others), n_suspended + n_closed))
        statuses = dict.fromkeys(stopped[:n_suspended], Tenant.Status.SUSPENDED)
        statuses.update(dict.fromkeys(stopped[n_suspended:], Tenant.Status.CLOSED))

        industries = volume_names.INDUSTRIES
        client_names = _pairs(rng, volume_names.PLACES, tuple(range(len(industries))))
        plans = [plan for plan, _ in CLIENT_PLANS]
        plan_weights = [weight for _, weight in CLIENT_PLANS]
        clients = []
        for index in range(n_clients):
            place, which = next(client_names)
            industry = industries[which]
            name = f"{place} {rng.choice(industry.names)}"
            status = statuses.get(index, Tenant.Status.ACTIVE)
            partner = partners[0] if index == 0 else None
            if index and rng.random() < 0.55:
                partner = rng.choice(partners)
            tenant = Tenant(
                slug=slug_for(name),
                name=name,
                kind=Tenant.Kind.CLIENT,
                status=status,
                plan=rng.choices(plans, weights=plan_weights)[0],
                features=["team"] if rng.random() < 0.8 else [],
                partner=None if partner is None else partner.tenant,
                created_at=self._days_ago(rng.randint(120, 1200)),
            )
            org = _Org(
                tenant,
                code=f"C{index + 1:05d}",
                services=industry.services,
                size=rng.choice(CLIENT_SIZES),
                quiet_days={
                    Tenant.Status.ACTIVE: 0,
                    Tenant.Status.SUSPENDED: rng.randint(7, 30),
                    Tenant.Status.CLOSED: rng.randint(35, 75),
                }[status],
            )
            # Which projects it runs: the line people ring, and some of the campaigns.
            org.lines = [
                _Line(Project(slug=slug, name=title), campaign)
                for slug, title, campaign in industry.projects[
                    : rng.randint(1, len(industry.projects))
                ]
            ]
            clients.append(org)
        self._insert(Tenant, [org.tenant for org in clients])

        if internal is None:
            tenant = Tenant(
                slug=slug_for("AiDial"), name="AiDial", kind=Tenant.Kind.INTERNAL, plan="internal"
            )
            tenant.save()
            internal = _Org(tenant, code="AIDIAL")
        self.summary.tenants = len(partners) + len(clients) + n_internal
        return partners, clients, internal

    def _projects(self, clients: list[_Org]) -> None:
        projects = []
        for org in clients:
            for line in org.lines:
                line.project.tenant = org.tenant
                line.project.created_at = org.tenant.created_at
                projects.append(line.project)
        self.summary.projects = self._insert(Project, projects)

    # People.

    def _people(self, internal: _Org, partners: list[_Org], clients: list[_Org]) -> None:
        """Every role at least once, a first admin in each organisation, the rest by size."""
        rng = self.rng
        budget = self.scale.users
        plan: list[tuple[_Org, str]] = [
            (internal, "aidial_admin"),
            (internal, "aidial_operator"),
            (partners[0], "partner_admin"),
            (partners[0], "partner_user"),
            (clients[0], "client_admin"),
            (clients[0], "client_manager"),
            (clients[0], "client_staff"),
        ]
        for org in [*partners[1:], *clients[1:]]:
            if len(plan) >= budget:
                break
            first = "partner_admin" if org.tenant.kind == Tenant.Kind.PARTNER else "client_admin"
            plan.append((org, first))
        orgs = [internal, *partners, *clients]
        weights = [
            max(1, budget // 400)
            if org is internal
            else org.size * (3 if org.tenant.kind == Tenant.Kind.PARTNER else 1)
            for org in orgs
        ]
        while len(plan) < budget:
            org = rng.choices(orgs, weights=weights)[0]
            plan.append((org, self._role_for(org)))

        users = [self._person(org) for org, _ in plan]
        self._insert(PortalUser, users)
        clients_of: dict[int, list[_Org]] = defaultdict(list)
        for client in clients:
            if client.tenant.partner_id is not None:
                clients_of[client.tenant.partner_id].append(client)
        memberships = []
        project_scopes = []
        client_scopes = []
        for user, (org, role) in zip(users, plan, strict=True):
            membership = Membership(
                user=user, tenant=org.tenant, role=role, created_at=user.created_at
            )
            projects = [line.project for line in org.lines]
            if role == "client_staff" and len(projects) > 1 and rng.random() < 0.25:
                membership.all_projects = False
                project_scopes.append(
                    (membership, rng.sample(projects, rng.randint(1, len(projects) - 1)))
                )
            partner_clients = clients_of.get(org.tenant.pk, [])
            if role == "partner_user" and len(partner_clients) > 1 and rng.random() < 0.3:
                membership.all_clients = False
                picked = rng.sample(partner_clients, rng.randint(1, len(partner_clients) - 1))
                client_scopes.append((membership, [c.tenant for c in picked]))
            memberships.append(membership)
            org.people.append((user, role))
        self._insert(Membership, memberships)
        ProjectScope = Membership.projects.through
        ClientScope = Membership.clients.through
        self._insert(
            ProjectScope,
            (
                ProjectScope(membership_id=m.pk, project_id=p.pk)
                for m, projects in project_scopes
                for p in projects
            ),
        )
        self._insert(
            ClientScope,
            (
                ClientScope(membership_id=m.pk, tenant_id=t.pk)
                for m, tenants in client_scopes
                for t in tenants
            ),
        )
        self.summary.users = len(users)

    def _role_for(self, org: _Org) -> str:
        if org.tenant.kind == Tenant.Kind.INTERNAL:
            return self.rng.choice(INTERNAL_ROLES)
        table = (
            PARTNER_ROLE_WEIGHTS if org.tenant.kind == Tenant.Kind.PARTNER else CLIENT_ROLE_WEIGHTS
        )
        return self.rng.choices([r for r, _ in table], weights=[w for _, w in table])[0]

    def _person(self, org: _Org) -> PortalUser:
        rng = self.rng
        first = rng.choice(volume_names.FIRST_NAMES)
        last = rng.choice(volume_names.LAST_NAMES)
        domain = org.tenant.slug.removeprefix(TENANT_PREFIX) + EMAIL_SUFFIX
        local = f"{first}.{last}".lower().replace("'", "")
        email = f"{local}@{domain}"
        number = 1
        while email in self.emails:
            number += 1
            email = f"{local}{number}@{domain}"
        self.emails.add(email)
        return PortalUser(
            email=email,
            name=f"{first} {last}",
            password=make_password(None),
            created_at=max(org.tenant.created_at, self._days_ago(rng.randint(20, 700))),
        )

    # Calls.

    def _calls(self, orgs: list[_Org]) -> None:
        lines = [(org, line) for org in orgs for line in org.lines]
        weights = [org.size * (0.6 if line.campaign else 1.0) for org, line in lines]
        counts = _apportion(self.scale.calls, weights)
        calls = (
            call
            for (org, line), count in zip(lines, counts, strict=True)
            for call in self._line_calls(org, line, count)
        )
        self.summary.calls = self._insert(Call, calls)

    def _line_calls(self, org: _Org, line: _Line, count: int) -> Iterator[Call]:
        rng = self.rng
        if count == 0:
            return
        days, cumulative = self._call_days(org.quiet_days)
        numbers = [demo_calls.phone_number(rng) for _ in range(max(3, count * 2 // 3))]
        tenant = org.tenant
        metadata = {MARKER_KEY: MARKER}
        if tenant.is_active:
            # Someone is on the phone right now.
            started_at = self.now - dt.timedelta(seconds=rng.randint(20, 240))
            count -= 1
            yield Call(
                tenant=tenant,
                project=line.project,
                direction=Direction.OUTBOUND if line.campaign else Direction.INBOUND,
                status=Status.IN_PROGRESS,
                phone_number=rng.choice(numbers),
                started_at=started_at,
                metadata=metadata,
                created_at=started_at,
            )
        outbound_share = 0.92 if line.campaign else 0.12
        for _ in range(count):
            direction = Direction.OUTBOUND if rng.random() < outbound_share else Direction.INBOUND
            started_at = self._business_time(days, cumulative)
            status, outcome, seconds, transcript = demo_calls.call_result(
                rng, direction, tenant_name=tenant.name, services=org.services
            )
            recording = ""
            if seconds:
                recording = f"https://recordings.aidial.example/{tenant.slug}/{rng.getrandbits(64):016x}.mp3"
                local = started_at.astimezone(self.zone)
                self.minutes[(tenant.pk, local.date().replace(day=1))] += math.ceil(seconds / 60)
            yield Call(
                tenant=tenant,
                project=line.project,
                direction=direction,
                status=status,
                phone_number=rng.choice(numbers),
                started_at=started_at,
                duration_seconds=seconds,
                outcome=outcome,
                transcript=transcript,
                recording_url=recording,
                metadata=metadata,
                created_at=started_at,
            )

    def _call_days(self, quiet_days: int) -> tuple[list[dt.date], list[float]]:
        """The days calls fall on, busier on weekdays and lately (the business is growing)."""
        days = []
        cumulative = []
        total = 0.0
        for age in range(quiet_days, CALL_DAYS):
            day = self.today - dt.timedelta(days=age)
            weight = (1.0, 1.0, 1.0, 1.0, 0.95, 0.35, 0.08)[day.weekday()]
            total += weight * (1.4 - 0.5 * age / CALL_DAYS)
            days.append(day)
            cumulative.append(total)
        return days, cumulative

    def _business_time(self, days: list[dt.date], cumulative: list[float]) -> dt.datetime:
        rng = self.rng
        while True:
            day = rng.choices(days, cum_weights=cumulative)[0]
            local = dt.datetime.combine(
                day,
                dt.time(
                    rng.choice(demo_calls.BUSINESS_HOURS), rng.randrange(60), rng.randrange(60)
                ),
                tzinfo=self.zone,
            )
            if local < self.now:
                return local.astimezone(dt.UTC)

    # Paperwork.

    def _tickets(self, orgs: list[_Org]) -> None:
        rng = self.rng
        tickets = []
        for org in orgs:
            if org.tenant.status == Tenant.Status.CLOSED:
                continue
            count = rng.choice((0, 1, 1, 2, 3)) if org.generated else 3
            people = [
                user
                for user, role in org.people
                if role in KNOWN_ROLES and user.email not in NEVER_SIGNS_IN
            ]
            for number in range(count):
                category, subject, message = rng.choice(volume_names.TICKETS)
                # The first is recent, so most organisations have a ticket still open.
                oldest = org.quiet_days + 7 if number == 0 else CALL_DAYS - 1
                age = rng.randint(org.quiet_days, oldest)
                tickets.append(
                    SupportTicket(
                        tenant=org.tenant,
                        created_by=rng.choice(people) if people else None,
                        subject=subject,
                        category=category,
                        message=message,
                        status=SupportTicket.Status.CLOSED
                        if age > 10
                        else SupportTicket.Status.OPEN,
                        created_at=self._time_on(self.today - dt.timedelta(days=age)),
                    )
                )
        self.summary.tickets += self._insert(SupportTicket, tickets)

    def _invoices(self, orgs: list[_Org]) -> None:
        """The last few months' invoices: paid, then the latest issued (overdue when suspended)."""
        rng = self.rng
        this_month = self.today.replace(day=1)
        months = [this_month]
        for _ in range(INVOICE_MONTHS):
            months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
        months.pop()
        clients_of: dict[int, int] = defaultdict(int)
        #: (partner id, month) → its clients' billed minutes.
        client_minutes: dict[tuple[int, dt.date], int] = defaultdict(int)
        for org in orgs:
            if org.tenant.partner_id is not None:
                clients_of[org.tenant.partner_id] += 1
                for month in months:
                    client_minutes[(org.tenant.partner_id, month)] += self.minutes.get(
                        (org.tenant.pk, month), 0
                    )
        invoices = []
        for org in orgs:
            tenant = org.tenant
            fee, per_minute = PLAN_PRICES.get(tenant.plan, PLAN_PRICES["standard"])
            last_active = self.today - dt.timedelta(days=org.quiet_days)
            for position, month in enumerate(months):
                if tenant.status == Tenant.Status.CLOSED and month > last_active:
                    break
                end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
                latest = position == len(months) - 1
                if tenant.status == Tenant.Status.SUSPENDED and position >= len(months) - 2:
                    status = Invoice.Status.OVERDUE
                elif latest:
                    status = (
                        Invoice.Status.OVERDUE if rng.random() < 0.05 else Invoice.Status.ISSUED
                    )
                else:
                    status = Invoice.Status.PAID
                amount = fee + per_minute * self.minutes.get((tenant.pk, month), 0)
                if tenant.kind == Tenant.Kind.PARTNER:
                    # A platform fee per client, and a little per minute its clients called.
                    amount += 4_500 * clients_of.get(tenant.pk, 0)
                    amount += PARTNER_CENTS_PER_CLIENT_MINUTE * client_minutes[(tenant.pk, month)]
                issued = dt.datetime.combine(
                    end + dt.timedelta(days=1), dt.time(14), tzinfo=self.zone
                )
                invoices.append(
                    Invoice(
                        tenant=tenant,
                        number=f"{INVOICE_PREFIX}{month:%y%m}-{org.code}",
                        period_start=month,
                        period_end=end,
                        amount_cents=amount,
                        status=status,
                        issued_at=issued,
                        created_at=issued,
                    )
                )
        self.summary.invoices = self._insert(Invoice, invoices)

    def _audit(self, orgs: list[_Org]) -> None:
        events = (event for org in orgs for event in self._org_events(org))
        self.summary.audit_events = self._insert(AuditEvent, events)

    def _org_events(self, org: _Org) -> Iterator[AuditEvent]:
        """Sign-ins and sign-outs of its people, and what its admins did."""
        rng = self.rng
        tenant = org.tenant
        days, cumulative = self._call_days(org.quiet_days)
        sign_ins = 10 if tenant.kind == Tenant.Kind.INTERNAL else 6
        for user, role in org.people:
            if role not in KNOWN_ROLES or user.email in NEVER_SIGNS_IN:
                continue  # the portal refuses them before anything worth auditing
            network = "203.0.113" if rng.random() < 0.7 else "198.51.100"
            seen = _Seen(
                user,
                tenant,
                f"{network}.{rng.randint(1, 254)}",
                rng.choice(volume_names.USER_AGENTS),
            )
            for _ in range(rng.randint(1, sign_ins)):
                at = self._business_time(days, cumulative)
                if rng.random() < 0.06:
                    # Refused before the portal knows who it is: nobody's, no organisation's.
                    yield AuditEvent(
                        created_at=at,
                        action=Action.SIGN_IN,
                        outcome=Outcome.FAILED,
                        reason=rng.choice(FAILED_SIGN_IN_REASONS),
                        ip=seen.ip,
                        user_agent=seen.user_agent,
                        details={MARKER_KEY: MARKER},
                    )
                else:
                    yield seen.event(Action.SIGN_IN, at)
                    if role in MANDATORY_MFA_ROLES and user.email in MFA_NOT_ENROLLED:
                        yield seen.event(Action.MFA_REQUIRED, at, Outcome.DENIED)
                        continue
                    if role in MANDATORY_MFA_ROLES:
                        yield seen.event(Action.MFA_SATISFIED, at)
                    if rng.random() < 0.4:
                        yield seen.event(
                            Action.SIGN_OUT, at + dt.timedelta(minutes=rng.randint(5, 90))
                        )
            if role == "client_admin" and len(org.people) > 1 and rng.random() < 0.6:
                member, member_role = rng.choice(org.people)
                yield seen.event(
                    Action.MEMBERSHIP_INVITED,
                    self._business_time(days, cumulative),
                    details={"role": member_role, "member": member.pk},
                )
            if role == "aidial_admin" and rng.random() < 0.5:
                yield seen.event(
                    Action.SESSION_REVOKED,
                    self._business_time(days, cumulative),
                    details={"session": rng.randint(1000, 99999)},
                )

    def _incidents(self) -> None:
        """AiDial's past incidents, once: they belong to no organisation."""
        if Incident.objects.exists():
            return
        components = {c.slug: c for c in ServiceComponent.objects.all()}
        for position, (title, body, impact, slugs, minutes) in enumerate(volume_names.INCIDENTS):
            days, cumulative = self._call_days(4 + position * 15)
            started = self._business_time(days[:10], cumulative[:10])
            incident = Incident.objects.create(
                title=title,
                body=body,
                impact=impact,
                status=Incident.Status.RESOLVED,
                started_at=started,
                resolved_at=started + dt.timedelta(minutes=minutes),
            )
            incident.components.set([components[s] for s in slugs if s in components])
            self.summary.incidents += 1

    def _time_on(self, day: dt.date) -> dt.datetime:
        """A moment in business hours on ``day``; today, one that has passed."""
        rng = self.rng
        hour = rng.choice(demo_calls.BUSINESS_HOURS)
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=self.zone)
        return min(local, self.now - dt.timedelta(minutes=rng.randint(5, 120))).astimezone(dt.UTC)

    def _insert(self, model: type[M], rows: Iterable[M]) -> int:
        """Bulk-insert ``rows`` a batch at a time; says how many there were."""
        count = 0
        for batch in batched(rows, self.scale.batch_size):
            model._default_manager.bulk_create(batch)
            count += len(batch)
            # With DEBUG on (as under make run) Django keeps the SQL of its last 9,000 queries,
            # each holding a batch of rows here: enough to grow memory with the scale.
            reset_queries()
        return count

    def _days_ago(self, days: int) -> dt.datetime:
        return self.now - dt.timedelta(days=days)


def _pairs(
    rng: random.Random, first: tuple[A, ...], second: tuple[B, ...]
) -> Iterator[tuple[A, B]]:
    """Every pairing once in a shuffled order, then again (names need not be unique)."""
    pairs = list(itertools.product(first, second))
    while True:
        rng.shuffle(pairs)
        yield from pairs


def _apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, exactly (largest remainders)."""
    if not weights:
        return []
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [math.floor(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts
