from portal.team import pages

PAGE = pages.MembersPage(
    template="team/team.html",
    path="/team",
    manage="team:manage",
    page_url="team:team",
    invite_url="team:invite",
    role_url="team:member_role",
    remove_url="team:member_remove",
)


VIEWS = pages.members_views(PAGE)
