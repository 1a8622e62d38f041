"""The demo accounts (one shared password), their committees, and the mediators' profiles."""
from __future__ import annotations

from datetime import date

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import Committee, MediatorProfile, User
from app.services.demo import data
from app.services.demo.builder import Demo, Grid


def build_users(demo: Demo) -> None:
    password_hash = hash_password(data.DEMO_PASSWORD)  # once: argon2 is the slow part
    streets = {grid.street.name: grid.street for grid in demo.grids}
    for spec in data.DEMO_USERS:
        committees: list[Committee] = []
        grid: Grid | None = None
        if spec.home == "district":
            area = demo.district
        elif isinstance(spec.home, str):
            area = streets[spec.home]
            committees.append(demo.committees[f"{spec.home}人民调解委员会"])
        else:
            grid = demo.grid_by_key[spec.home]
            area = grid.area
            committees.extend(grid.committees)
        committees.extend(demo.committees[name] for name in spec.committees)
        user = User(username=spec.username, display_name=spec.display_name, role=spec.role,
                    area=area, phone=spec.phone, password_hash=password_hash, active=True,
                    committees=committees)
        db.session.add(user)
        if spec.role == "mediator":
            if grid is None:
                raise ValueError(f"demo mediator {spec.username} needs a home grid")
            grid.own_mediators.append(user)
            user.profile = _profile(demo, spec)
        demo.users[spec.username] = user
    db.session.flush()
    street_mediators: dict[str, list[User]] = {}
    for grid in demo.grids:
        street_mediators.setdefault(grid.street.name, []).extend(grid.own_mediators)
    for grid in demo.grids:
        grid.responsible = grid.own_mediators or street_mediators[grid.street.name]


def _profile(demo: Demo, spec: data.DemoUser) -> MediatorProfile:
    rng = demo.rng
    year = rng.randint(2016, 2024)
    return MediatorProfile(
        full_time=spec.full_time, is_lawyer=spec.is_lawyer, law_firm=spec.law_firm,
        certificate_no=f"鲁槐调证〔{year}〕{rng.randint(1, 300):04d}号",
        certificate_date=date(year, rng.randint(3, 11), rng.randint(1, 28)),
        training_hours=spec.training_hours, specialties=list(spec.specialties),
        in_talent_pool=spec.in_talent_pool, in_expert_pool=spec.in_expert_pool)
