"""The review app's pages, one Flask blueprint a module; review/app.py builds the app and registers them.

auth (login, logout), conversations (list, transcript, notes, tags, exports, erasure),
dashboard (charts), admin (audit log), and what they share: common (the database engine,
settings and clock of the current app, the counsellor and the audit log, admin_only,
local_path, the projection's catch-up and the filter menus).
"""
