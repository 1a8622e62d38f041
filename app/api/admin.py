"""Administration (admin role only): users and mediator profiles, areas and committees, the audit log."""
from __future__ import annotations

from typing import Any, ClassVar

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.auth.guards import roles_required
from app.models import Area, MediatorProfile, User
from app.schemas.admin import (
    AdminUserSchema, AreaCreateSchema, AreaSchema, AreaTreeSchema, AreaUpdateSchema, AuditPageSchema,
    AuditQuerySchema, CommitteeCreateSchema, CommitteeListSchema, CommitteeSchema, CommitteeUpdateSchema,
    MediatorProfileSchema, MediatorProfileUpdateSchema, PasswordResetSchema, UserCreateSchema, UserPageSchema,
    UserQuerySchema, UserUpdateSchema,
)
from app.services.admin import areas as admin_areas
from app.services.admin import audit_log as admin_audit
from app.services.admin import committees as admin_committees
from app.services.admin import profiles as admin_profiles
from app.services.admin import users as admin_users
from app.services.access.current import current_viewer
from app.services.reads.paging import Page

blp = Blueprint("admin", __name__, url_prefix="/api/admin", description="Administration (district admin)")


class AdminView(MethodView):
    """Every admin route needs a live token (401) of an admin (403), checked before the body is read."""

    decorators: ClassVar[list] = [roles_required("admin")]


@blp.route("/users")
class Users(AdminView):
    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, UserPageSchema)
    def get(self, filters: dict[str, Any]) -> Page:
        """Users, filtered by role, area (and below), active, username or name; by username."""
        return admin_users.list_users(current_viewer(), filters)

    @blp.arguments(UserCreateSchema)
    @blp.response(201, AdminUserSchema)
    def post(self, data: dict[str, Any]) -> User:
        """Add a user; a taken username answers 409 `already_exists`."""
        return admin_users.create_user(current_viewer(), data)


@blp.route("/users/<id:user_id>")
class OneUser(AdminView):
    @blp.response(200, AdminUserSchema)
    def get(self, user_id: int) -> User:
        return admin_users.get_user(current_viewer(), user_id)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, AdminUserSchema)
    def patch(self, changes: dict[str, Any], user_id: int) -> User:
        """Change name, role, area, phone, committees or `active`; deactivating revokes the user's devices."""
        return admin_users.update_user(current_viewer(), user_id, changes)


@blp.route("/users/<id:user_id>/password")
class UserPassword(AdminView):
    @blp.arguments(PasswordResetSchema)
    @blp.response(204)
    def post(self, data: dict[str, Any], user_id: int) -> None:
        """Set a new password; the user's sessions end on every device."""
        admin_users.reset_password(current_viewer(), user_id, data["password"])


@blp.route("/users/<id:user_id>/profile")
class UserProfile(AdminView):
    @blp.response(200, MediatorProfileSchema)
    def get(self, user_id: int) -> MediatorProfile:
        """A mediator's profile (409 `not_a_mediator` for other roles)."""
        return admin_profiles.get_profile(current_viewer(), user_id)

    @blp.arguments(MediatorProfileUpdateSchema)
    @blp.response(200, MediatorProfileSchema)
    def patch(self, changes: dict[str, Any], user_id: int) -> MediatorProfile:
        return admin_profiles.update_profile(current_viewer(), user_id, changes)


@blp.route("/areas")
class Areas(AdminView):
    @blp.response(200, AreaTreeSchema)
    def get(self) -> dict[str, list[dict[str, Any]]]:
        """The admin's area and everything below it, as a tree."""
        return {"items": admin_areas.area_tree(current_viewer())}

    @blp.arguments(AreaCreateSchema)
    @blp.response(201, AreaSchema)
    def post(self, data: dict[str, Any]) -> Area:
        return admin_areas.create_area(current_viewer(), data)


@blp.route("/areas/<id:area_id>")
class OneArea(AdminView):
    @blp.arguments(AreaUpdateSchema)
    @blp.response(200, AreaSchema)
    def patch(self, changes: dict[str, Any], area_id: int) -> Area:
        """Rename, recode, or move under another parent of the level above (the subtree moves along)."""
        return admin_areas.update_area(current_viewer(), area_id, changes)


@blp.route("/committees")
class Committees(AdminView):
    @blp.response(200, CommitteeListSchema)
    def get(self) -> dict[str, list[dict[str, Any]]]:
        return {"items": admin_committees.list_committees(current_viewer())}

    @blp.arguments(CommitteeCreateSchema)
    @blp.response(201, CommitteeSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        return admin_committees.create_committee(current_viewer(), data)


@blp.route("/committees/<id:committee_id>")
class OneCommittee(AdminView):
    @blp.response(200, CommitteeSchema)
    def get(self, committee_id: int) -> dict[str, Any]:
        return admin_committees.get_committee(current_viewer(), committee_id)

    @blp.arguments(CommitteeUpdateSchema)
    @blp.response(200, CommitteeSchema)
    def patch(self, changes: dict[str, Any], committee_id: int) -> dict[str, Any]:
        return admin_committees.update_committee(current_viewer(), committee_id, changes)


@blp.route("/audit")
class Audit(AdminView):
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, filters: dict[str, Any]) -> Page:
        """The audit log, newest first; `from`/`to` are Beijing calendar days, both included."""
        return admin_audit.list_audit(filters)
