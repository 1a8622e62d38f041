"""The folder backend of the attachment storage: appends at an offset, kept on a cut, one writer at a time."""
import fcntl
import uuid

import pytest

from app.services.attachments.storage import FolderStorage, OffsetMismatch, UploadBusy, UploadMissing


@pytest.fixture
def store(tmp_path) -> FolderStorage:
    return FolderStorage(tmp_path / "attachments")


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


def test_a_second_writer_is_refused_while_the_first_appends(store, key):
    store.begin(key)
    with open(store.root / key[:2] / f"{key}.part", "r+b") as first:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UploadBusy):
            store.append(key, 0, [b"x"])
    assert store.append(key, 0, [b"x"]) == 1


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
