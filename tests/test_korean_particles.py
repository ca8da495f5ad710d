"""Korean particles after a Latin word: read by its last letter, as a Korean reader says the word.

A layer name that ends in a digit is read by the digit (tests/test_learning.py covers those);
one that ends in a letter is read as Korean says the word: open (dense 덴스, head 헤드, decoder
디코더) or closed (lstm 엘에스티엠, flatten 플래튼, input 인풋).
"""

from __future__ import annotations

import pytest

from lstm_shapes.locales import fill


@pytest.mark.parametrize(
    ("name", "topic", "either"),
    [
        ("dense", "dense는", "dense나"),
        ("decoder", "decoder는", "decoder나"),
        ("head", "head는", "head나"),
        ("input", "input은", "input이나"),
        ("embedding", "embedding은", "embedding이나"),
        ("flatten", "flatten은", "flatten이나"),
        ("lstm", "lstm은", "lstm이나"),
        ("GRU", "GRU는", "GRU나"),
        ("dense_2", "dense_2는", "dense_2나"),
        ("lstm_1", "lstm_1은", "lstm_1이나"),
    ],
)
def test_a_latin_word_takes_the_particle_of_its_last_sound(name: str, topic: str, either: str) -> None:
    assert fill("{name:은}", name=name) == topic
    assert fill("{name:이나}", name=name) == either
