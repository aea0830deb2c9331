from collections.abc import Callable
from typing import Any

import pytest

from portal.accounts.models import PortalUser
from portal.tenancy import services
from portal.tenancy.models import Membership, Project, Tenant
from portal.tenancy.services import ProvisionError, provision
from portal.tenancy.tests.factories import provisioning_file, row_counts, tenant_create

pytestmark = pytest.mark.django_db


def _membership(email: str) -> Membership:
    return Membership.objects.select_related("tenant").get(user__email=email)


def _project_scope(membership: Membership) -> list[tuple[str, str]]:
    return sorted(membership.projects.values_list("tenant__slug", "slug"))


def _client_scope(membership: Membership) -> list[str]:
    return sorted(membership.clients.values_list("slug", flat=True))


def _timestamps() -> dict[str, Any]:
    return {
        **{f"tenant {t.slug}": t.updated_at for t in Tenant.objects.all()},
        **{f"membership {m.pk}": m.updated_at for m in Membership.objects.all()},
    }


def test_a_file_creates_its_tenants_projects_users_and_memberships() -> None:
    result = provision(data=provisioning_file())

    assert result.summary() == (
        "tenants: 5 created, 0 updated, 0 unchanged; projects: 4 created, 0 updated, 0 unchanged; "
        "users: 5 created, 0 updated, 0 unchanged; memberships: 5 created, 0 updated, 0 unchanged"
    )
    assert list(
        Tenant.objects.values_list("slug", "name", "kind", "status", "plan", "features")
    ) == [
        ("acme", "Acme Dental", "client", "active", "standard", ["team"]),
        ("aidial", "AiDial", "internal", "active", "internal", []),
        ("beta", "Beta Plumbing", "client", "suspended", "starter", []),
        (
            "northwind",
            "Northwind Agency",
            "partner",
            "active",
            "standard",
            ["partner_workspace", "team"],
        ),
        ("solo", "Solo Cafe", "client", "active", "standard", []),
    ]
    assert dict(Tenant.objects.values_list("slug", "partner__slug")) == {
        "acme": "northwind",
        "aidial": None,
        "beta": "northwind",
        "northwind": None,
        "solo": None,
    }
    assert sorted(Project.objects.values_list("tenant__slug", "slug", "name")) == [
        ("acme", "bookings", "Bookings line"),
        ("acme", "reminders", "Appointment reminders"),
        ("beta", "bookings", "Call-outs"),
        ("solo", "orders", "Orders"),
    ]
    assert sorted(PortalUser.objects.values_list("email", "name")) == [
        ("ada@acme.example", "Ada"),
        ("lee@northwind.example", "Lee"),
        ("ops@aidial.example", "Ops"),
        ("pat@northwind.example", "Pat"),
        ("sam@acme.example", "Sam"),
    ]
    assert not any(user.has_usable_password() for user in PortalUser.objects.all())
    assert sorted(
        Membership.objects.values_list(
            "user__email", "tenant__slug", "role", "all_projects", "all_clients"
        )
    ) == [
        ("ada@acme.example", "acme", "client_admin", True, True),
        ("lee@northwind.example", "northwind", "partner_user", True, False),
        ("ops@aidial.example", "aidial", "aidial_operator", True, True),
        ("pat@northwind.example", "northwind", "partner_admin", True, True),
        ("sam@acme.example", "acme", "client_staff", False, True),
    ]
    assert _project_scope(_membership("sam@acme.example")) == [("acme", "reminders")]
    assert _client_scope(_membership("lee@northwind.example")) == ["beta"]
    for email in ("ada@acme.example", "pat@northwind.example", "ops@aidial.example"):
        assert _project_scope(_membership(email)) == []
        assert _client_scope(_membership(email)) == []


def test_running_the_same_file_again_changes_nothing() -> None:
    provision(data=provisioning_file())
    counts, timestamps = row_counts(), _timestamps()

    result = provision(data=provisioning_file())

    assert result.summary() == (
        "tenants: 0 created, 0 updated, 5 unchanged; projects: 0 created, 0 updated, 4 unchanged; "
        "users: 0 created, 0 updated, 5 unchanged; memberships: 0 created, 0 updated, 5 unchanged"
    )
    assert row_counts() == counts
    assert _timestamps() == timestamps


def test_a_second_file_renames_a_tenant_changes_a_role_and_narrows_a_scope() -> None:
    provision(data=provisioning_file())
    before = _timestamps()
    data = provisioning_file()
    data["tenants"][0]["name"] = "Acme Dental Group"
    data["tenants"][1]["status"] = "active"
    data["tenants"][0]["projects"][1]["name"] = "Reminders"
    data["users"][0]["role"] = "client_manager"
    data["users"][0]["projects"] = ["bookings"]
    data["users"][0]["name"] = "Ada Lovelace"
    data["users"][2]["clients"] = ["acme"]

    result = provision(data=data)

    assert (result.tenants.created, result.tenants.updated, result.tenants.unchanged) == (0, 2, 3)
    assert (result.projects.updated, result.projects.unchanged) == (1, 3)
    assert (result.users.updated, result.users.unchanged) == (1, 4)
    assert (result.memberships.updated, result.memberships.unchanged) == (2, 3)
    acme = Tenant.objects.get(slug="acme")
    assert acme.name == "Acme Dental Group"
    assert Tenant.objects.get(slug="beta").status == "active"
    assert Project.objects.get(tenant=acme, slug="reminders").name == "Reminders"
    assert PortalUser.objects.get(email="ada@acme.example").name == "Ada Lovelace"
    ada = _membership("ada@acme.example")
    assert (ada.role, ada.all_projects) == ("client_manager", False)
    assert _project_scope(ada) == [("acme", "bookings")]
    pat = _membership("pat@northwind.example")
    assert (pat.all_clients, _client_scope(pat)) == (False, ["acme"])
    after = _timestamps()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {
        "tenant acme",
        "tenant beta",
        f"membership {ada.pk}",
        f"membership {pat.pk}",
    }


def test_a_scope_list_widened_back_to_all_clears_the_list() -> None:
    provision(data=provisioning_file())
    data = provisioning_file()
    data["users"][1]["projects"] = "*"
    del data["users"][3]["clients"]

    result = provision(data=data)

    assert result.memberships.updated == 2
    sam, lee = _membership("sam@acme.example"), _membership("lee@northwind.example")
    assert (sam.all_projects, _project_scope(sam)) == (True, [])
    assert (lee.all_clients, _client_scope(lee)) == (True, [])


def test_rows_the_file_leaves_out_are_left_alone() -> None:
    provision(data=provisioning_file())
    data = provisioning_file()
    data["tenants"] = [data["tenants"][0]]
    data["tenants"][0]["projects"] = [data["tenants"][0]["projects"][0]]
    data["tenants"][0]["partner"] = None
    data["users"] = [data["users"][0]]

    provision(data=data)

    assert Tenant.objects.count() == 5
    assert sorted(Project.objects.filter(tenant__slug="acme").values_list("slug", flat=True)) == [
        "bookings",
        "reminders",
    ]
    assert PortalUser.objects.count() == 5
    assert Membership.objects.count() == 5


def test_a_partner_may_be_one_the_database_holds_already() -> None:
    northwind = tenant_create(slug="northwind", kind="partner")
    Project.objects.create(tenant=tenant_create(slug="zeta"), slug="main", name="Main")
    data = {
        "tenants": [{"slug": "acme", "name": "Acme", "kind": "client", "partner": "northwind"}],
        "users": [
            {
                "email": "lee@northwind.example",
                "name": "Lee",
                "role": "partner_user",
                "tenant": "northwind",
                "clients": ["acme"],
            },
            {
                "email": "zed@zeta.example",
                "name": "Zed",
                "role": "client_staff",
                "tenant": "zeta",
                "projects": ["main"],
            },
        ],
    }

    provision(data=data)

    assert Tenant.objects.get(slug="acme").partner == northwind
    assert _client_scope(_membership("lee@northwind.example")) == ["acme"]
    assert _project_scope(_membership("zed@zeta.example")) == [("zeta", "main")]


def test_an_existing_user_is_found_by_email_whatever_its_case() -> None:
    user = PortalUser.objects.create_user("ada@acme.example", name="A. L.")

    provision(data=provisioning_file())

    user.refresh_from_db()
    assert user.name == "Ada"
    assert user.membership.role == "client_admin"
    assert PortalUser.objects.filter(email__iexact="ada@acme.example").count() == 1


def test_a_membership_with_an_unrecognised_role_is_replaced_by_the_files() -> None:
    user = PortalUser.objects.create_user("ada@acme.example")
    other = tenant_create(slug="other")
    Membership.objects.create(user=user, tenant=other, role="legacy", all_projects=False)

    result = provision(data=provisioning_file())

    assert result.memberships.updated == 1
    membership = _membership("ada@acme.example")
    assert (membership.tenant.slug, membership.role, membership.all_projects) == (
        "acme",
        "client_admin",
        True,
    )


@pytest.mark.parametrize("new_partner", ["southwind", None])
def test_a_client_that_leaves_its_partner_leaves_that_partners_client_lists(
    new_partner: str | None,
) -> None:
    provision(data=provisioning_file())
    lee = _membership("lee@northwind.example")
    data = provisioning_file()
    data["tenants"].append({"slug": "southwind", "name": "Southwind", "kind": "partner"})
    data["tenants"][1]["partner"] = new_partner
    # Lee is not in this file: the list is cleaned up all the same.
    data["users"] = []

    provision(data=data)

    beta = Tenant.objects.get(slug="beta")
    assert (beta.partner.slug if beta.partner else None) == new_partner
    lee.refresh_from_db()
    assert (lee.all_clients, _client_scope(lee)) == (False, [])


def test_a_project_list_names_projects_of_the_users_own_tenant_only() -> None:
    data = provisioning_file()
    # beta has a project called "bookings" too.
    data["users"][1]["projects"] = ["bookings"]

    provision(data=data)

    assert _project_scope(_membership("sam@acme.example")) == [("acme", "bookings")]


# Bad files: each problem is named with its position, and nothing is written.


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the valid file: ``_set("users.0.role", "x")``; ``...`` deletes the key."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is ...:
            del target[int(last) if last.isdigit() else last]
        elif isinstance(target, list) and last == "+":
            target.append(value)
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


BAD_FILES = {
    "unknown kind": (
        _set("tenants.2.kind", "reseller"),
        ["tenants[2].kind: must be one of client, partner, internal"],
    ),
    "unknown status": (
        _set("tenants.1.status", "paused"),
        ["tenants[1].status: must be one of active, suspended, closed"],
    ),
    "role of another kind of tenant": (
        _set("users.0.role", "partner_admin"),
        ["users[0].role: 'partner_admin' is not a role of a client tenant"],
    ),
    "unrecognised role": (
        _set("users.4.role", "superuser"),
        ["users[4].role: 'superuser' is not a role of an internal tenant"],
    ),
    "unknown project": (
        _set("users.1.projects", ["reminders", "x"]),
        ["users[1].projects: unknown project 'x' of tenant 'acme'"],
    ),
    "project of another tenant": (
        _set("users.1.projects", ["orders"]),
        ["users[1].projects: unknown project 'orders' of tenant 'acme'"],
    ),
    "client of no partner": (
        _set("users.3.clients", ["beta", "solo"]),
        ["users[3].clients: 'solo' is not a client of partner 'northwind'"],
    ),
    "client that is not a tenant": (
        _set("users.3.clients", ["nope"]),
        ["users[3].clients: 'nope' is not a client of partner 'northwind'"],
    ),
    "unknown partner": (
        _set("tenants.2.partner", "nope"),
        ["tenants[2].partner: unknown partner tenant 'nope'"],
    ),
    "partner that is a client": (
        _set("tenants.2.partner", "acme"),
        ["tenants[2].partner: 'acme' is a client tenant, not a partner tenant"],
    ),
    "partner that is the internal tenant": (
        _set("tenants.2.partner", "aidial"),
        ["tenants[2].partner: 'aidial' is an internal tenant, not a partner tenant"],
    ),
    "partner on a tenant that is not a client": (
        _set("tenants.4.partner", "northwind"),
        ["tenants[4].partner: only a client tenant may have a partner"],
    ),
    "duplicate tenant": (
        _set("tenants.+", {"slug": "acme", "name": "Acme again", "kind": "client"}),
        ["tenants[5].slug: 'acme' appears more than once (first at tenants[0])"],
    ),
    "duplicate project": (
        _set("tenants.0.projects.+", {"slug": "bookings", "name": "Again"}),
        [
            "tenants[0].projects[2].slug: 'bookings' appears more than once "
            "(first at tenants[0].projects[0])"
        ],
    ),
    "duplicate email, whatever its case": (
        _set(
            "users.+",
            {"email": "ADA@acme.example", "name": "Ada", "role": "client_staff", "tenant": "acme"},
        ),
        ["users[5].email: 'ada@acme.example' appears more than once (first at users[0])"],
    ),
    "bad email": (
        _set("users.2.email", "pat-at-northwind"),
        ["users[2].email: 'pat-at-northwind' is not a valid email address"],
    ),
    "unknown feature": (
        _set("tenants.0.features", ["team", "voice"]),
        ["tenants[0].features: unknown feature 'voice'; known: team, partner_workspace"],
    ),
    "repeated feature": (
        _set("tenants.0.features", ["team", "team"]),
        ["tenants[0].features: 'team' is listed more than once"],
    ),
    "features as a string": (
        _set("tenants.0.features", "team"),
        ["tenants[0].features: must be a list of feature names"],
    ),
    "project scope as a string": (
        _set("users.1.projects", "reminders"),
        ['users[1].projects: must be "*" or a list of project slugs'],
    ),
    "client scope as a number": (
        _set("users.3.clients", 3),
        ['users[3].clients: must be "*" or a list of client slugs'],
    ),
    "missing user key": (
        _set("users.4.role", ...),
        ["users[4].role: is required"],
    ),
    "missing tenant key": (
        _set("tenants.4.name", ...),
        ["tenants[4].name: is required"],
    ),
    "extra key": (
        _set("tenants.3.colour", "blue"),
        [
            "tenants[3].colour: unknown key; expected one of "
            "slug, name, kind, status, plan, features, partner, projects"
        ],
    ),
    "extra project key": (
        _set("tenants.0.projects.0.phone", "+61"),
        ["tenants[0].projects[0].phone: unknown key; expected one of slug, name"],
    ),
    "name as a number": (
        _set("tenants.0.name", 7),
        ["tenants[0].name: must be a string"],
    ),
    "empty name": (
        _set("tenants.0.name", "  "),
        ["tenants[0].name: must not be empty"],
    ),
    "name too long": (
        _set("tenants.0.name", "x" * 201),
        ["tenants[0].name: must be at most 200 characters"],
    ),
    "tenants not a list": (
        _set("tenants", {"acme": {}}),
        [
            "tenants: must be a list",
            "users[0].tenant: unknown tenant 'acme'",
            "users[1].tenant: unknown tenant 'acme'",
            "users[2].tenant: unknown tenant 'northwind'",
            "users[3].tenant: unknown tenant 'northwind'",
            "users[4].tenant: unknown tenant 'aidial'",
        ],
    ),
    "row not an object": (
        _set("users.0", "ada@acme.example"),
        ["users[0]: must be an object"],
    ),
    "unknown top-level key": (
        _set("groups", []),
        ["groups: unknown key; expected one of tenants, users"],
    ),
    "projects on a partner": (
        _set("tenants.3.projects", [{"slug": "x", "name": "X"}]),
        ["tenants[3].projects: only a client tenant has projects"],
    ),
    "client list for a client user": (
        _set("users.0.clients", ["beta"]),
        [
            'users[0].clients: only users of a partner tenant have a client list; use "*" or '
            "leave it out"
        ],
    ),
    "project list for a partner user": (
        _set("users.2.projects", ["bookings"]),
        [
            'users[2].projects: only users of a client tenant have a project list; use "*" or '
            "leave it out"
        ],
    ),
    "unknown tenant": (
        _set("users.4.tenant", "nowhere"),
        ["users[4].tenant: unknown tenant 'nowhere'"],
    ),
    "bad slug, and the rows that refer to it": (
        _set("tenants.4.slug", "Ai Dial"),
        [
            "tenants[4].slug: 'Ai Dial' is not a slug "
            "(letters, digits, hyphens and underscores only)",
            "users[4].tenant: unknown tenant 'aidial'",
        ],
    ),
}


@pytest.mark.parametrize(("change", "errors"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_row_is_named_with_its_position_and_nothing_is_written(
    change: Callable[[dict[str, Any]], None], errors: list[str]
) -> None:
    tenant_create(slug="legacy")
    before = row_counts()
    data = provisioning_file()
    change(data)

    with pytest.raises(ProvisionError) as caught:
        provision(data=data)

    assert caught.value.errors == errors
    assert str(caught.value) == "\n".join(errors)
    assert row_counts() == before


def test_a_client_scope_of_all_is_accepted_for_any_user() -> None:
    data = provisioning_file()
    data["users"][0]["clients"] = "*"
    data["users"][4]["projects"] = "*"

    provision(data=data)

    assert _membership("ada@acme.example").all_clients is True


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    data = provisioning_file()
    data["users"][3]["clients"] = ["solo"]
    data["tenants"][4]["kind"] = "staff"
    data["users"][0]["role"] = "owner"
    data["tenants"][0]["partner"] = "nope"
    data["users"][1]["email"] = "sam"

    with pytest.raises(ProvisionError) as caught:
        provision(data=data)

    assert caught.value.errors == [
        "tenants[0].partner: unknown partner tenant 'nope'",
        "tenants[4].kind: must be one of client, partner, internal",
        "users[0].role: 'owner' is not a role of a client tenant",
        "users[1].email: 'sam' is not a valid email address",
        "users[3].clients: 'solo' is not a client of partner 'northwind'",
    ]


def test_a_file_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ProvisionError) as caught:
        provision(data=[])  # type: ignore[arg-type]

    assert caught.value.errors == ["file: must be an object"]


def test_a_tenants_kind_cannot_change() -> None:
    provision(data=provisioning_file())
    before = row_counts()
    data = provisioning_file()
    data["tenants"][2]["kind"] = "partner"
    data["tenants"][2]["partner"] = None
    data["tenants"][2]["projects"] = []

    with pytest.raises(ProvisionError) as caught:
        provision(data=data)

    assert caught.value.errors == [
        "tenants[2].kind: tenant 'solo' is a client tenant and a tenant's kind cannot change"
    ]
    assert row_counts() == before


def test_a_bad_last_row_after_many_good_ones_writes_nothing() -> None:
    provision(data=provisioning_file())
    before, timestamps = row_counts(), _timestamps()
    data = provisioning_file()
    data["tenants"][0]["name"] = "Renamed"
    data["users"][0]["role"] = "client_staff"
    for n in range(60):
        data["tenants"].append({"slug": f"client-{n}", "name": f"Client {n}", "kind": "client"})
        data["tenants"][-1]["projects"] = [{"slug": "main", "name": "Main"}]
        data["users"].append(
            {
                "email": f"user{n}@client-{n}.example",
                "name": f"User {n}",
                "role": "client_admin",
                "tenant": f"client-{n}",
                "projects": ["main"],
            }
        )
    data["users"][-1]["projects"] = ["main", "missing"]

    with pytest.raises(ProvisionError) as caught:
        provision(data=data)

    assert caught.value.errors == [
        "users[64].projects: unknown project 'missing' of tenant 'client-59'"
    ]
    assert row_counts() == before
    assert _timestamps() == timestamps
    assert Tenant.objects.get(slug="acme").name == "Acme Dental"
    assert _membership("ada@acme.example").role == "client_admin"


def test_a_failure_while_writing_undoes_everything_written_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = row_counts()
    put_membership = services._put_membership

    def fail_on_the_last(user: PortalUser, tenant_id: int, row: Any, counts: Any) -> None:
        if row.email == "ops@aidial.example":
            raise RuntimeError("the database went away")
        put_membership(user, tenant_id, row, counts)

    monkeypatch.setattr(services, "_put_membership", fail_on_the_last)

    with pytest.raises(RuntimeError):
        provision(data=provisioning_file())

    assert row_counts() == before
