"""The counsellors' review app over the assistant's conversations (Flask, French UI).

Modules: settings (environment), schema (its tables), projection (one row per
conversation, kept up to date from Rasa's `events` table), conversations (list filters,
transcripts), accounts (counsellors, passwords, login throttling),
sessions (server-side, ended at logout, when idle or too old), audit (who saw what),
exports (CSV, JSON, PDF), charts (SVG dashboard), app (the Flask app factory), web (its
blueprints: auth, conversations, dashboard, admin), cli (commands),
generator and benchmark (volume tests).
"""
