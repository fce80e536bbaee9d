"""A counsellor account made with the documented command reads a conversation just held over REST."""
import os
import secrets
import subprocess
from pathlib import Path

from review.app import create_app
from review.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "un mot de passe assez long"


def test_a_counsellor_reads_a_conversation_held_over_rest(assistant):
    sender = f"revue-{secrets.token_hex(4)}"
    assistant.say(sender, "bonjour, je suis au chômage et je ne sais pas quoi faire, "
                          "écrivez-moi à jean.dupont@gmail.com")
    url = f"sqlite:///{assistant.db_path}"
    env = dict(os.environ, CONVERSATIONS_DB_URL=url)
    made = subprocess.run(["make", "-s", "counsellor", "EMAIL=claire@cep.example"], input=PASSWORD + "\n",
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    assert "claire@cep.example (counsellor)" in made.stdout

    client = create_app(Settings(db_url=url, secret_key=secrets.token_urlsafe(16))).test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    logged = client.post("/connexion", data={"email": "claire@cep.example", "password": PASSWORD, "csrf_token": token})
    assert logged.status_code == 302
    listed = client.get("/conversations?employment_status=job_seeker").get_data(as_text=True)
    assert f">{sender}</a>" in listed
    transcript = client.get(f"/conversations/{sender}").get_data(as_text=True)
    assert "je suis au chômage et je ne sais pas quoi faire" in transcript
    assert "[courriel masqué]" in transcript and "jean.dupont" not in transcript
    assert "Demandeur d&#39;emploi" in transcript
