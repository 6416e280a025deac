"""What extraction keeps, on sentences that are not from the seed articles (the rules are meant
to be general: litcheck.claims.extract_rules, queries/extraction.toml)."""

from __future__ import annotations

import pytest

from litcheck.claims.extract_rules import classify
from litcheck.claims.facets import analyze
from litcheck.claims.read import extract_claims
from litcheck.claims.vocab import Vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Semaglutide reduced body weight by 15% in adults with obesity.", "statistic"),
        ("Metformin was first approved in the UK in 1958.", "approval"),
        ("Statins lower LDL cholesterol by blocking HMG-CoA reductase.", "mechanism"),
        ("Type 2 diabetes affects more than 400 million people worldwide.", "epidemiology"),
        ("Patients should not drive for 24 hours after sedation.", "safety"),
        ("Aspirin was originally derived from willow bark.", "history"),
    ],
)
def test_checkable_statements_are_kept_with_their_kind(
    vocab: Vocabulary, sentence: str, kind: str
) -> None:
    verdict = classify(sentence, analyze(sentence, vocab), None, vocab)
    assert verdict.keep, verdict.reasons
    assert verdict.kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Book your appointment today and feel the difference!",
        "Why wait for relief from your migraines?",
        "Our clinic offers the best migraine care in town.",
        "If you are tired of feeling tired, this supplement could be for you.",
        "Share this post with your friends",
        "This supplement is a miracle for your energy levels.",
        "Here is what the research says about statins:",
        "We help patients with depression find lasting relief.",
        "Our mission is to help every patient with chronic pain heal.",
    ],
)
def test_calls_to_action_questions_and_hype_are_left_out(vocab: Vocabulary, sentence: str) -> None:
    verdict = classify(sentence, analyze(sentence, vocab), None, vocab)
    assert not verdict.keep, verdict.reasons


def test_html_article_claims_carry_title_heading_and_resolved_pronouns(vocab: Vocabulary) -> None:
    html = (
        "<html><head><title>Lithium facts</title></head><body><nav>Home</nav>\n"
        "<h1>Lithium for bipolar disorder</h1>\n"
        "<p>Lithium is a mood stabiliser used for bipolar disorder.\n"
        "It was approved by the FDA in 1970.</p>\n"
        "<p>Call us today to book your visit!</p></body></html>\n"
    )
    claims = extract_claims(html, vocab, file="page.html")
    assert [c.origin.line for c in claims] == [3, 4]
    approved = claims[1]
    assert approved.kind == "approval"
    assert approved.query_text == "[Lithium] was approved by the FDA in 1970."
    assert approved.context is not None
    assert (approved.context.title, approved.context.heading) == (
        "Lithium facts",
        "Lithium for bipolar disorder",
    )


def test_markdown_sections_resolve_the_drug_across_paragraphs(vocab: Vocabulary) -> None:
    md = (
        "# Semaglutide\n\nSemaglutide is a GLP-1 receptor agonist. In trials, it reduced body "
        "weight by 15%.\n\n## Safety\n\nThe drug can cause nausea and vomiting.\n"
    )
    claims = extract_claims(md, vocab, file="post.md", kind="markdown")
    checked = [c.query_text for c in claims]
    assert "In trials, [semaglutide] reduced body weight by 15%." in checked
    assert "[Semaglutide] can cause nausea and vomiting." in checked


def test_an_unseen_article_is_read_with_its_context(vocab: Vocabulary) -> None:
    md = (
        "# Semaglutide for weight loss\n\nPosted: March 3\n\n"
        "Semaglutide is a GLP-1 receptor agonist. The drug also slows stomach emptying, so "
        "patients feel full for longer.\n\nIn the STEP 1 trial, adults taking weekly injections "
        "lost about 15% of their body weight over 68 weeks. They also saw improvements in blood "
        "pressure.\n\nThe most common side effects are nausea and vomiting. It should not be used "
        "by people with a family history of medullary thyroid cancer.\n\nReady to start your "
        "journey? Book a free consultation with our providers today! We accept most insurance "
        "plans.\n\nShare this article\n"
    )
    claims = extract_claims(md, vocab, file="post.md", kind="markdown")
    checked = {c.query_text: c for c in claims}
    assert "[Semaglutide] also slows stomach emptying, so patients feel full for longer." in checked
    assert "[Adults] also saw improvements in blood pressure." in checked
    trial = next(c for c in claims if c.text.startswith("In the STEP 1 trial"))
    assert [t.canonical for t in trial.facets.interventions] == ["semaglutide"]
    assert trial.facets.interventions[0].inherited
    assert next(c for c in claims if c.text.startswith("It should not")).kind == "safety"
    assert not any(w in c.text for c in claims for w in ("Posted", "Book", "insurance", "Share"))


def test_an_unseen_html_page_keeps_findings_and_doses_and_drops_the_shop(
    vocab: Vocabulary,
) -> None:
    html = (
        "<html><head><title>Vitamin D and Depression | Sunny Clinic</title></head><body>\n"
        '<header><a href="/">Home</a> | <a href="/book">Book now</a></header>\n'
        "<h1>Can Vitamin D Help With Depression?</h1>\n"
        "<p>A 2020 meta-analysis of 41 trials reported that supplements reduced depressive "
        "symptoms. The effect was largest in people who were deficient. However, the authors "
        "noted that most trials were small.</p>\n"
        "<h2>How much should you take?</h2>\n"
        "<p>Most adults need 600 to 800 IU a day.</p>\n"
        "<p>We believe everyone deserves to feel their best. Our friendly team is here for you. "
        "Schedule your vitamin D test today and get 20% off!</p>\n"
        "<p>Did you find this helpful? Leave a comment below.</p>\n"
        "<footer>© 2024 Sunny Clinic. All rights reserved.</footer></body></html>\n"
    )
    claims = extract_claims(html, vocab, file="page.html")
    texts = [c.text for c in claims]
    assert texts[0].startswith("A 2020 meta-analysis") and len(texts) == 4, texts
    authors = claims[2]
    assert authors.context is not None and authors.context.values("year") == ("2020",)
    dose = claims[3]
    assert dose.kind == "dosing"
    assert [t.canonical for t in dose.facets.interventions] == ["vitamin D"]
