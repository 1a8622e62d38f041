"""A signed-in phone for API tests: push mutations, pull everything."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient

from tests.factories import PASSWORD


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Phone:
    client: FlaskClient
    username: str
    device_id: str
    headers: dict[str, str]
    cursor: str | None = None
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    evicted: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def sign_in(cls, client: FlaskClient, username: str) -> "Phone":
        device_id = f"phone-{username}-{uuid.uuid4().hex[:8]}"
        response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD,
                                                        "device_id": device_id})
        assert response.status_code == 200, response.get_json()
        token = response.get_json()["access_token"]
        return cls(client, username, device_id, {"Authorization": f"Bearer {token}"})

    def push_raw(self, body: Any, **kwargs: Any):
        return self.client.post("/api/sync/push", json=body, headers=self.headers, **kwargs)

    def push(self, *mutations: dict[str, Any], device: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        response = self.push_raw({"device_id": self.device_id, "device": device or {},
                                  "mutations": list(mutations)})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["results"]

    def pull(self, limit: int = 500) -> list[dict[str, Any]]:
        """Pull until has_more is false; returns the records received in this round."""
        received, resets = [], 0
        while True:
            query = {"limit": limit, **({"cursor": self.cursor} if self.cursor else {})}
            response = self.client.get("/api/sync/pull", query_string=query, headers=self.headers)
            assert response.status_code == 200, response.get_json()
            body = response.get_json()
            if body.get("reset"):
                resets += 1
                assert resets <= 2, "the server answers reset to the cursor it has just given"
                self.cursor, self.records = None, {}
                continue
            for record in body["records"]:
                self.records[record["id"]] = record
            for gone in body.get("evictions", []):
                self.records.pop(gone["id"], None)
                self.evicted.append(gone)
            received.extend(body["records"])
            self.cursor = body["cursor"]
            if not body["has_more"]:
                return received


def create(entity: str, changes: dict[str, Any], record_id: str | None = None) -> dict[str, Any]:
    return {"mutation_id": new_id(), "entity": entity, "id": record_id or new_id(), "op": "create",
            "base_version": None, "changes": changes, "client_time": "2026-11-28T08:00:00Z"}


def update(entity: str, record_id: str, base_version: int, changes: dict[str, Any]) -> dict[str, Any]:
    return {"mutation_id": new_id(), "entity": entity, "id": record_id, "op": "update",
            "base_version": base_version, "changes": changes, "client_time": "2026-11-28T08:05:00Z"}


def void(entity: str, record_id: str, base_version: int, reason: str) -> dict[str, Any]:
    return {"mutation_id": new_id(), "entity": entity, "id": record_id, "op": "void",
            "base_version": base_version, "changes": {"void_reason": reason}}


def dispute_changes(area_id: int, **fields: Any) -> dict[str, Any]:
    return {"area_id": area_id, "title": "楼上漏水致楼下天花板受损", "category": "neighbor",
            "source": "initiative", "summary": "302室漏水，402室称已维修", **fields}
