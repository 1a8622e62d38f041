"""The area tree (district → streets → communities/villages → grids) and the committees with their rooms."""
from __future__ import annotations

from app.extensions import db
from app.models import Area, Committee
from app.services.admin.area_tree import add_area
from app.services.demo import data
from app.services.demo.builder import Demo, Grid


def build_places(demo: Demo) -> None:
    district = demo.district = add_area(
        code=data.DISTRICT_CODE, name=data.DISTRICT_NAME, level="district", parent=None)
    for trade in data.TRADE_COMMITTEES.values():
        _add_committee(demo, trade.name, "trade", district)
    for s, (street_name, communities) in enumerate(data.STREETS, start=1):
        street = add_area(code=f"{data.DISTRICT_CODE}{s:03d}", name=street_name, level="street", parent=district)
        street_committee = _add_committee(demo, f"{street_name}人民调解委员会", "area", street)
        for c, (community_name, grid_count) in enumerate(communities, start=1):
            community = add_area(code=f"{street.code}{c:03d}", name=community_name,
                                 level="community", parent=street)
            committees = [street_committee]
            if community_name in data.COMMUNITY_COMMITTEES:
                committees.insert(0, _add_committee(demo, f"{community_name}人民调解委员会", "area", community))
            for g in range(1, grid_count + 1):
                area = add_area(code=f"{community.code}{g:02d}",
                                name=f"{community_name}{data.GRID_ORDINALS[g - 1]}",
                                level="grid", parent=community)
                grid = Grid(area, community, street, community_name.endswith("村"), committees)
                demo.grids.append(grid)
                demo.grid_by_key[(community_name, g)] = grid


def _add_committee(demo: Demo, name: str, kind: str, area: Area) -> Committee:
    committee = Committee(name=name, kind=kind, area_id=area.id, room_name=data.ROOMS.get(area.name))
    db.session.add(committee)
    demo.committees[name] = committee
    return committee
