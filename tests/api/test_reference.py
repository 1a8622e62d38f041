"""Reference data: area tree, committees, mediators, enum catalogue, with ETag and 304."""
from app.catalogue import codes


def test_reference_has_tree_directory_and_catalogue(client, login, district):
    response = client.get("/api/reference", headers=login("mediator_a"))
    assert response.status_code == 200
    body = response.get_json()
    assert {a["name"] for a in body["areas"]} >= {"槐荫区", "兴福街道", "兴福一网格"}
    assert [c["code"] for c in body["enums"]["category"]] == list(codes("category"))
    assert body["enums"]["status"][0] == {"code": "reported", "zh": "登记", "en": "Reported"}
    assert {m["display_name"] for m in body["mediators"]} >= {"Mediator_A"}
    assert "phone" not in str(body["mediators"])


def test_reference_answers_304_to_a_matching_etag(client, login, district):
    headers = login("mediator_a")
    first = client.get("/api/reference", headers=headers)
    etag = first.headers["ETag"]
    again = client.get("/api/reference", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_responses_are_gzipped_and_a_gzip_etag_still_answers_304(client, login, district):
    headers = {**login("mediator_a"), "Accept-Encoding": "gzip"}
    first = client.get("/api/reference", headers=headers)
    assert first.headers["Content-Encoding"] == "gzip"
    etag = first.headers["ETag"]
    assert etag.endswith(':gzip"')
    again = client.get("/api/reference", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304


def test_the_phone_is_given_the_dossier_rules_the_server_judges_by(client, login, district):
    from sync import dossier as rules
    body = client.get("/api/reference", headers=login("mediator_a")).get_json()
    assert body["dossier_rules"] == rules.as_json()
    assert [paper["paper"] for paper in body["dossier_rules"]["papers"]][:3] == [
        "application", "acceptance", "mediation-record"]
