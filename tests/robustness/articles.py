"""Good articles to drop beside bad input: distinct texts, so none is a duplicate of another."""
from __future__ import annotations

TEMPLATE = """{place}: police seize {kilos} kilos of cocaine in a {adjective} valley

The anti-drug police in {place} seized {kilos} kilos of cocaine on Monday in the {valley} valley, officials said. \
“It was the largest seizure this year,” said the regional chief of Perú’s anti-drug police — a veteran of the VRAEM.

Farmers in the {valley} valley grow coca on {hectares} hectares, according to DEVIDA. The army destroyed {strips} \
clandestine airstrips in the region in 2015, and the government spent $ {million} million on eradication in 2016.

Señor {person}, the mayor of {place}, said that the año had been hard for the niños of the región.
"""

PLACES = [
    ("Huánuco", "Monzón", "Pérez", "green"),
    ("Ayacucho", "Apurímac", "Quispe", "narrow"),
    ("Cusco", "Urubamba", "Mamani", "remote"),
    ("Puno", "Inambari", "Condori", "dry"),
    ("Junín", "Ene", "Huamán", "steep"),
    ("Pasco", "Palcazu", "Rojas", "wide"),
    ("Loreto", "Putumayo", "Flores", "humid"),
    ("Ucayali", "Aguaytía", "Ramos", "long"),
    ("San Martín", "Huallaga", "Torres", "deep"),
    ("Amazonas", "Marañón", "Vargas", "quiet"),
]


def article(n: int) -> str:
    """A good article (Spanish names, curly quotes, an em dash); n picks the place and figures."""
    place, valley, person, adjective = PLACES[n % len(PLACES)]
    return TEMPLATE.format(place=place, valley=valley, person=person, adjective=adjective,
                           kilos=100 + 37 * n, hectares=f"{2 + n},{100 + n:03d}", strips=3 + n, million=4 + n)


def latin1_article(n: int) -> str:
    """The same without characters Latin-1 lacks (curly quotes, dashes)."""
    text = article(n)
    for fancy, plain in (("“", '"'), ("”", '"'), ("’", "'"), ("—", "-")):
        text = text.replace(fancy, plain)
    return text
