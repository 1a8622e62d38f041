"""Invented personal details: names, mobile numbers, resident-ID numbers, home addresses."""
from __future__ import annotations

from datetime import date, timedelta

from app.schemas.validators import gb11643_check_char
from app.services.demo import data
from app.services.demo.builder import Demo, Grid


def person_name(demo: Demo, male: bool, surname: str | None = None) -> str:
    if surname is None:
        weights = range(len(data.SURNAMES), 0, -1)  # the commoner, the likelier
        surname = demo.rng.choices(data.SURNAMES, weights)[0]
    return surname + demo.rng.choice(data.MALE_GIVEN if male else data.FEMALE_GIVEN)


def phone(demo: Demo) -> str:
    return demo.rng.choice(data.PHONE_PREFIXES) + f"{demo.rng.randint(0, 9999):04d}"


def id_number(demo: Demo, birth_year: int, male: bool) -> str:
    """A valid GB 11643 number: a Jinan area, the birthday, an odd (men) or even (women) sequence."""
    birthday = date(birth_year, 1, 1) + timedelta(days=demo.rng.randint(0, 364))
    sequence = demo.rng.randint(0, 99) * 10 + demo.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{demo.pick(data.ID_AREA_PREFIXES)}{birthday:%Y%m%d}{sequence:03d}"
    return first17 + gb11643_check_char(first17)


def address(demo: Demo, grid: Grid) -> str:
    rng = demo.rng
    if grid.is_village:
        return f"济南市槐荫区{grid.street.name}{grid.community.name}{rng.randint(1, 260)}号"
    return (f"济南市槐荫区{grid.community.name}{rng.randint(1, 30)}号楼"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室")
