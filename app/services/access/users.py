"""Creating users (IT's `flask create-user`, the demo seed, tests)."""
from __future__ import annotations

import sqlalchemy as sa

from app.auth.passwords import hash_password
from app.catalogue import codes
from app.errors import ApiError
from app.extensions import db
from app.models import Area, User

MIN_PASSWORD_LENGTH = 10


def create_user(*, username: str, display_name: str, role: str, area_code: str,
                password: str, phone: str | None = None, commit: bool = True) -> User:
    """Add one user with a hashed password; refuses duplicates, unknown areas and short passwords."""
    if role not in codes("role"):
        raise ApiError(422, "validation_error", "未知的角色。 / Unknown role.", {"fields": {"role": [f"须为以下之一：{codes('role')}。 / One of {codes('role')}."]}})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ApiError(422, "validation_error", "密码太短。 / Password too short.",
                       {"fields": {"password": [f"至少 {MIN_PASSWORD_LENGTH} 个字符。 / At least {MIN_PASSWORD_LENGTH} characters."]}})
    area = db.session.execute(sa.select(Area).where(Area.code == area_code)).scalar_one_or_none()
    if area is None:
        raise ApiError(404, "not_found", "没有这个编码的区域。 / No area with this code.", {"fields": {"area_code": [area_code]}})
    if db.session.execute(sa.select(User.id).where(User.username == username)).first():
        raise ApiError(409, "already_exists", "用户名已被占用。 / This username is taken.", {"fields": {"username": [username]}})
    user = User(username=username, display_name=display_name, role=role, area_id=area.id,
                phone=phone, password_hash=hash_password(password))
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user
