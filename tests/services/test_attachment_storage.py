"""The attachment storage backends, folder and S3 (a local S3-protocol server): appends at an offset, kept on a
cut, one writer at a time."""
import fcntl
import uuid

import pytest

from app.services.attachments.s3_storage import S3Storage
from app.services.attachments.storage import FolderStorage, OffsetMismatch, UploadBusy, UploadMissing


def s3_storage(server, bucket: str) -> S3Storage:
    config = server.app_config(bucket, prefix="tiaojie")
    return S3Storage.from_url(config["ATTACHMENT_STORAGE"], endpoint=server.endpoint, region="us-east-1",
                              access_key=config["ATTACHMENTS_S3_ACCESS_KEY_ID"],
                              secret_key=config["ATTACHMENTS_S3_SECRET_ACCESS_KEY"])


@pytest.fixture
def folder(tmp_path) -> FolderStorage:
    return FolderStorage(tmp_path / "attachments")


@pytest.fixture
def bucket(s3_server) -> str:
    return s3_server.new_bucket()


@pytest.fixture(params=["folder", "s3"])
def store(request):
    if request.param == "folder":
        return request.getfixturevalue("folder")
    return s3_storage(request.getfixturevalue("s3_server"), request.getfixturevalue("bucket"))


@pytest.fixture
def key() -> str:
    return str(uuid.uuid4())


def cut_after(*chunks: bytes):
    yield from chunks
    raise ConnectionResetError("connection reset by peer")


def test_appends_grow_the_upload_and_finalize_seals_it(store, key):
    assert store.size(key) is None
    store.begin(key)
    assert store.append(key, 0, [b"abc", b"def"]) == 6
    assert store.append(key, 6, [b"gh"]) == 8
    store.finalize(key)
    assert store.size(key) == 8
    with store.open(key) as stream:
        assert stream.read() == b"abcdefgh"
    with pytest.raises(UploadMissing):
        store.append(key, 8, [b"more"])


def test_an_append_at_another_offset_is_refused_and_names_the_bytes_held(store, key):
    store.begin(key)
    store.append(key, 0, [b"abc"])
    for wrong in (0, 2, 4):
        with pytest.raises(OffsetMismatch) as refused:
            store.append(key, wrong, [b"x"])
        assert refused.value.held == 3
    assert store.size(key) == 3


def test_bytes_that_arrived_before_a_cut_connection_are_kept(store, key):
    store.begin(key)
    with pytest.raises(ConnectionResetError):
        store.append(key, 0, cut_after(b"first", b"second"))
    assert store.size(key) == len(b"firstsecond")


def test_a_second_writer_is_refused_while_the_first_appends_to_a_folder(folder, key):
    folder.begin(key)
    with open(folder.root / key[:2] / f"{key}.part", "r+b") as first:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UploadBusy):
            folder.append(key, 0, [b"x"])
    assert folder.append(key, 0, [b"x"]) == 1


def test_of_two_hosts_appending_at_one_offset_of_an_s3_upload_the_second_is_refused_and_the_first_kept(
        s3_server, bucket, key):
    one, other = s3_storage(s3_server, bucket), s3_storage(s3_server, bucket)
    one.begin(key)

    def slow_body():
        yield b"late"
        other.append(key, 0, [b"first"])  # the other host's request finishes while this body still arrives
        yield b"r"

    with pytest.raises(UploadBusy):
        one.append(key, 0, slow_body())
    assert one.size(key) == other.size(key) == len(b"first")
    assert one.append(key, 5, [b"second"]) == 11
    other.finalize(key)
    with one.open(key) as stream:
        assert stream.read() == b"firstsecond"


def test_an_s3_upload_keeps_nothing_on_the_app_host_and_leaves_one_object_once_sealed(s3_server, bucket, key):
    store = s3_storage(s3_server, bucket)
    store.begin(key)
    store.append(key, 0, [b"abc"])
    store.append(key, 3, [b"def"])
    listed = s3_server.client().list_objects_v2(Bucket=bucket)["Contents"]
    assert {item["Key"] for item in listed} == {
        f"tiaojie/uploads/{key}/begun", f"tiaojie/uploads/{key}/000000000000", f"tiaojie/uploads/{key}/000000000003"}
    store.finalize(key)
    [sealed] = s3_server.client().list_objects_v2(Bucket=bucket)["Contents"]
    assert sealed["Key"] == f"tiaojie/{key}" and sealed["Size"] == 6


def test_begin_discards_earlier_bytes_and_delete_drops_them_sealed_or_not(store, key):
    store.begin(key)
    store.append(key, 0, [b"abc"])
    store.begin(key)
    assert store.size(key) == 0
    store.append(key, 0, [b"z"])
    store.finalize(key)
    store.delete(key)
    assert store.size(key) is None
    store.delete(key)  # nothing there: nothing to do


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a" * 36, "4643F8B6-F3CF-4F32-A499-C2726E4EEC99", ""])
def test_a_key_that_is_not_an_attachment_id_never_names_a_path(store, bad):
    with pytest.raises(ValueError):
        store.begin(bad)
