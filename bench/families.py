"""Attribute a leftover clutter line to the family of rules that should have caught it.

Deliberately loose (it only labels the error report, it never removes text): keyword cues in
several languages, then shape cues (short line, title copy) as a fallback.
"""
from __future__ import annotations

import regex as re

FAMILIES: list[tuple[str, re.Pattern]] = [(name, re.compile(pattern, re.I)) for name, pattern in [
    ("teasers", r"^(also |must )?read\b|related|more (from|on|stories)|see also|lesen sie|lire aussi|leia também|"
                r"leggi anche|lee también|recommended|you may also|you might|don't miss|trending|popular|most read|"
                r"top stories|latest news|watch:|video:|listen:"),
    ("credits", r"\b(image|photo|picture|credit|caption|foto|bild|getty|reuters|afp|ap photo|shutterstock|"
                r"file photo|illustration)\b|©"),
    ("bylines", r"^(by|written by|von|par|por|di|de)\s+\p{Lu}|\bauthor\b|\bcorrespondent\b|\breporter\b|"
                r"\beditor\b|\bcolumnist\b|\bstaff\b|@\w+"),
    ("dates", r"\b(updated|published|posted|last modified|aktualisiert|mis à jour|publicado|pubblicato)\b|"
              r"\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b.*\b(am|pm|gmt|utc|ist|et|est)\b|\bmin(ute)?s? read\b|"
              r"^\w+ \d{1,2}, (19|20)\d{2}$"),
    ("tags", r"^(tags?|topics?|categories|filed under|schlagwörter|mots-clés|etiquetas)\b"),
    ("share", r"\b(share|tweet|facebook|twitter|whatsapp|linkedin|pinterest|email this|print|copy link|follow us|"
              r"follow)\b"),
    ("appeals", r"\bdonat|\bcontribution\b|small favou?r|support (our|independent|local) journalism|"
                r"become a (member|supporter)|spenden|unterstützen sie|faire un don|soutenez|hazte socio|"
                r"sostieni|apoie|wesprzyj"),
    ("newsletter", r"\b(newsletter|subscribe|sign up|signup|inbox|register|log ?in|sign in|subscription|"
                   r"abonnieren|s'abonner|suscr[ií]b)"),
    ("ads", r"^(advertisement|advertising|sponsored|anzeige|publicité|publicidad|pubblicità|ad)$|"
            r"\bsponsored\b|\bpartner content\b"),
    ("comments", r"\bcomments?\b|\bkommentar|\bcommentaire|\bcomentario|\bjoin the conversation\b"),
    ("notices", r"\bcookies?\b|\bprivacy\b|\bterms of (use|service)\b|\bpaywall\b|\ball rights reserved\b|"
                r"\bcopyright\b|\bjavascript\b|\bad ?block"),
]]


def family_of(line: str, title: str | None = None) -> str:
    for name, pattern in FAMILIES:
        if pattern.search(line):
            return name
    if title and _overlap(line, title) >= 0.8:
        return "headline"
    words = len(re.findall(r"\w+", line))
    if words <= 4:
        return "navigation/labels"
    if words <= 15 and not re.search(r"[.!?:;][\"'”’)]*$", line):
        return "headline-like"
    return "other"


def _overlap(a: str, b: str) -> float:
    ta, tb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0
