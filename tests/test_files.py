"""files.py: a path that may be anything is opened without blocking and read within a bound."""

from __future__ import annotations

import errno
import os
import socket

import pytest

from tarkastus.files import NotRegularFile, file_kind, in_sentence, open_regular, read_regular


def test_a_regular_file_is_read_up_to_the_limit(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 5000)
    assert read_regular(path, 10) == b"x" * 10
    assert read_regular(path, 10_000) == b"x" * 5000


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "p.md"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as caught:
        read_regular(fifo, 100)
    assert caught.value.kind == "Nimetty putki (FIFO)"


def test_a_device_a_directory_and_a_socket_are_refused(tmp_path):
    with pytest.raises(NotRegularFile) as caught:
        read_regular("/dev/zero", 100)
    assert caught.value.kind == "Laitetiedosto"
    with pytest.raises(NotRegularFile) as caught:
        read_regular(tmp_path, 100)
    assert caught.value.kind == "Hakemisto"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.md"))
        with pytest.raises(NotRegularFile) as caught:
            read_regular(tmp_path / "s.md", 100)
        assert in_sentence(caught.value.kind) == "pistoke (socket)"
    finally:
        server.close()


def test_nofollow_refuses_a_link_and_the_default_follows_it(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("teksti", encoding="utf-8")
    link = tmp_path / "linkki.md"
    link.symlink_to(target)
    fd, info = open_regular(link)
    os.close(fd)
    assert info.st_size == 6
    with pytest.raises(OSError) as caught:
        open_regular(link, nofollow=True)
    assert caught.value.errno == errno.ELOOP


def test_file_kind_names_only_special_files(tmp_path):
    path = tmp_path / "a"
    path.write_text("x")
    assert file_kind(os.stat(path).st_mode) is None
    assert file_kind(os.stat(tmp_path).st_mode) == "Hakemisto"
