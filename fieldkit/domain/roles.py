"""Roles (pure rules, shared by the desktop and the server): who sees the whole zone."""

#: the roles whose lists and board are the zone's (an assistant's are their own enterprises)
SUPERVISOR_ROLES = ("supervisor", "admin")
