"""Object ids: the real prefixes, then 24 letters and digits drawn evenly (or the hex digits of the later families)."""

from __future__ import annotations

import collections
import re
import string

from simulator.ids import new_id


def test_ids_have_the_real_shapes():
    assert re.fullmatch(r"asst_[A-Za-z0-9]{24}", new_id("assistant"))
    assert re.fullmatch(r"file-[A-Za-z0-9]{24}", new_id("file"))
    assert re.fullmatch(r"resp_[0-9a-f]{48}", new_id("response"))
    assert re.fullmatch(r"vs_[0-9a-f]{32}", new_id("vector_store"))


def test_every_letter_and_digit_is_about_as_likely():
    drawn = collections.Counter("".join(new_id("message").removeprefix("msg_") for _ in range(4000)))
    assert set(drawn) == set(string.ascii_letters + string.digits)
    expected = 4000 * 24 / 62  # about 1,548 each (σ ≈ 39); a byte taken modulo 62 without the cut-off gives a…h about 1,875
    assert all(abs(count - expected) < 0.12 * expected for count in drawn.values()), drawn.most_common(3)


def test_ids_do_not_repeat():
    assert len({new_id("run") for _ in range(10_000)}) == 10_000
