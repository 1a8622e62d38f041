"""A small known district for tests: 1 district, 2 streets, 2 grids, one user per role."""
from __future__ import annotations

from dataclasses import dataclass

from app.extensions import db
from app.models import Area, User
from app.services.admin.area_tree import add_area
from app.services.access.users import create_user

PASSWORD = "test-pass-2026"


@dataclass
class District:
    district: Area
    street_a: Area
    street_b: Area
    community_a: Area
    community_b: Area
    grid_a: Area
    grid_a2: Area
    grid_b: Area
    admin: User
    supervisor_a: User
    supervisor_b: User
    mediator_a: User
    mediator_a_peer: User
    mediator_b: User


def make_district() -> District:
    """Build the tree and users, committed. Call inside an app context."""
    district = add_area(code="370104", name="槐荫区", level="district", parent=None)
    street_a = add_area(code="370104001", name="兴福街道", level="street", parent=district)
    street_b = add_area(code="370104002", name="段北街道", level="street", parent=district)
    community_a = add_area(code="370104001001", name="兴福社区", level="community", parent=street_a)
    community_b = add_area(code="370104002001", name="段北社区", level="community", parent=street_b)
    grid_a = add_area(code="37010400100101", name="兴福一网格", level="grid", parent=community_a)
    grid_a2 = add_area(code="37010400100102", name="兴福二网格", level="grid", parent=community_a)
    grid_b = add_area(code="37010400200101", name="段北一网格", level="grid", parent=community_b)

    def user(username: str, role: str, area: Area) -> User:
        return create_user(username=username, display_name=username.title(), role=role,
                           area_code=area.code, password=PASSWORD, phone="13812345678", commit=False)

    result = District(
        district, street_a, street_b, community_a, community_b, grid_a, grid_a2, grid_b,
        admin=user("admin", "admin", district),
        supervisor_a=user("supervisor_a", "supervisor", street_a),
        supervisor_b=user("supervisor_b", "supervisor", street_b),
        mediator_a=user("mediator_a", "mediator", grid_a),
        mediator_a_peer=user("mediator_a_peer", "mediator", grid_a),
        mediator_b=user("mediator_b", "mediator", grid_b),
    )
    db.session.commit()
    return result
