"""Keys that must say nothing of who, or of when within a day."""

from __future__ import annotations

from storage import keys


def test_a_responses_answer_ids_share_a_random_prefix_and_end_in_their_place() -> None:
    ids = keys.new_answer_ids(7)
    assert len({answer_id >> keys.POSITION_BITS for answer_id in ids}) == 1
    assert [answer_id % (1 << keys.POSITION_BITS) for answer_id in ids] == list(range(7))
    assert ids == sorted(ids)  # side by side, in the order they were asked
    assert all(0 <= answer_id < 1 << 63 for answer_id in ids)  # a BIGINT, never negative


def test_responses_get_prefixes_of_their_own() -> None:
    prefixes = [keys.new_answer_ids(1)[0] >> keys.POSITION_BITS for _ in range(1000)]
    assert len(set(prefixes)) == 1000
    # Made one after another, they do not count up: 1000 in order by chance 1 in 1000!.
    assert prefixes != sorted(prefixes)


def test_answers_past_the_places_a_prefix_has_get_keys_of_their_own() -> None:
    places = 1 << keys.POSITION_BITS
    ids = keys.new_answer_ids(places + 3)
    assert len(set(ids)) == places + 3
    assert len({answer_id >> keys.POSITION_BITS for answer_id in ids[:places]}) == 1
    assert all(0 <= answer_id < 1 << 63 for answer_id in ids)
