"""The kinds of layout variation met in the development set, each with an instance written here."""

import datetime

import pytest

from inspections.ofsted_pdf.report import read_list
from inspections.ofsted_pdf.text import Line, grade_tokens, join_lines, page_lines, parse_date_range

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("28 November to 9 December 2022", D(2022, 11, 28), D(2022, 12, 9)),
        ("2 to 6 October 2023", D(2023, 10, 2), D(2023, 10, 6)),
        ("1/06/2015 \u2013 25/06/2015", D(2015, 6, 1), D(2015, 6, 25)),
        ("23 April\u201318 May 2018", D(2018, 4, 23), D(2018, 5, 18)),
        ("19 November-11 December 2013 and 28 \u2013 30 January 2014", D(2013, 11, 19), D(2014, 1, 30)),
        ("15 December to 2 January 2021", D(2020, 12, 15), D(2021, 1, 2)),  # across a new year
        ("4 March 2019 to 15 March 2019", D(2019, 3, 4), D(2019, 3, 15)),
    ],
)
def test_inspection_date_spans(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_unreadable_dates_are_none_not_a_guess():
    assert parse_date_range("during the spring") is None
    assert parse_date_range("31 February 2020") is None


def test_grade_printed_above_its_label_keeps_reading_order():
    text = "The impact of leaders Good Requires improvement Overall effectiveness"
    grades, labels = grade_tokens(text)
    assert grades == ["good", "requires_improvement"]
    assert labels == "The impact of leaders Overall effectiveness"


def test_grade_wrapped_across_lines_is_one_grade():
    grades, _ = grade_tokens("children and families Requires improvement\nto be good The experiences Inadequate")
    assert grades == ["requires_improvement", "inadequate"]


def _lines(*texts, page=3):
    return [Line(page, text) for text in texts]


@pytest.mark.parametrize("glyph", ["◼", "•", "\uf0b7", "▪", "\u2013"])
def test_bullets_drawn_with_any_glyph(glyph):
    lines = _lines("What needs to improve?", f"{glyph} The quality of plans", "for children.", f"{glyph} Supervision.")
    items, _, _ = read_list(lines, 0, addressee="local_authority")
    assert [item.text for item in items] == ["The quality of plans for children.", "Supervision."]
    assert [item.number for item in items] == [None, None]


def test_numbered_list_joined_across_a_page_break_and_ended_by_the_next_heading():
    lines = [
        Line(8, "Recommendations"),
        Line(8, "1. Ensure that plans are"),
        Line(9, "reviewed on time."),
        Line(9, "2. Improve supervision."),
        Line(9, "Summary for children and young people"),
        Line(9, "3. Not a recommendation."),
    ]
    items, _, _ = read_list(lines, 0, addressee="local_authority")
    assert [(i.number, i.text, i.page) for i in items] == [
        ("1", "Ensure that plans are reviewed on time.", 8),
        ("2", "Improve supervision.", 9),
    ]


def test_theme_headings_between_items_are_not_part_of_either():
    lines = _lines("Recommendations", "131. Evaluate the work.", "Governance", "132. Develop links.")
    items, _, _ = read_list(lines, 0, addressee="lscb")
    assert [i.text for i in items] == ["Evaluate the work.", "Develop links."]


def test_heading_printed_again_at_the_end_of_the_item_before_it_is_dropped():
    lines = _lines(
        "Priority and immediate action",
        "1. Reduce the wait. Areas for improvement",
        "Areas for improvement",
        "2. Improve plans.",
    )
    items, _, _ = read_list(lines, -1, addressee="local_authority")
    assert [(i.text, i.timescale, i.priority) for i in items] == [
        ("Reduce the wait.", "immediately", True),
        ("Improve plans.", "none", False),
    ]


def test_there_are_no_priority_actions_is_not_a_recommendation():
    lines = _lines("Priority and immediate action", "18. There are no areas for priority action.", "19. Act.")
    items, _, _ = read_list(lines, -1, addressee="local_authority")
    assert [(i.number, i.text) for i in items] == [("19", "Act.")]


def test_out_of_sequence_number_stops_the_list_with_a_warning():
    lines = _lines("Recommendations", "1. One.", "2. Two.", "7. Seven is a paragraph.")
    items, _, warnings = read_list(lines, 0, addressee="local_authority")
    assert len(items) == 2
    assert "out of sequence" in warnings[0]


def test_footnotes_at_the_foot_of_a_page_are_left_out():
    lines = [
        Line(4, "Recommendations"),
        Line(4, "1. Ensure that the board2 meets"),
        Line(4, "2 The board was renamed in 2014."),
        Line(4, "and more footnote text"),
        Line(5, "monthly."),
    ]
    items, _, _ = read_list(lines, 0, addressee="local_authority")
    assert items[0].text == "Ensure that the board meets monthly."


def test_join_keeps_hyphenated_words_and_drops_footnote_marks():
    assert join_lines(["the pre-", "proceedings stage", "of the area3."]) == "the pre-proceedings stage of the area."
    assert join_lines(["section 47 and s47 enquiries"]) == "section 47 and s47 enquiries"


def test_running_headers_and_page_numbers_are_removed():
    header = "Inspection of Anytown local authority children\u2019s services"
    words = [f"line {letter}" for letter in "abcdefghijkl"]
    pages = ["\n".join([header, *(f"{w} on page {chr(96 + n)}" for w in words), str(n)]) for n in range(1, 8)]
    texts = [line.text for line in page_lines(pages)]
    assert header not in texts
    assert "line a on page c" in texts
    assert "line l on page c" in texts
    assert not any(text.isdigit() for text in texts)


def test_bullets_that_were_not_recognised_leave_a_warning_not_one_long_recommendation():
    # Bullets drawn as pictures: only the first line carries a glyph, the others read as plain lines.
    lines = _lines("What needs to improve?", "* The quality of plans.", "Supervision of staff.", "Life-story work.")
    items, _, warnings = read_list(lines, 0, addressee="local_authority")
    assert len(items) == 1
    assert "bullets may not have been recognised" in warnings[0]
