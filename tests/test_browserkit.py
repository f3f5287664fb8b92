"""The browser tests' helpers that need no browser: reading the server log (tests/browserkit.py)."""
import traceback

from browserkit import without_close_race

RACE = ("Exception in ASGI application\nTraceback (most recent call last):\n"
        '  File "/v/streamlit/web/server/starlette/starlette_websocket.py", line 516, in _websocket_endpoint\n'
        "    data = await websocket.receive_bytes()\n"
        'RuntimeError: WebSocket is not connected. Need to call "accept" first.\n\n'
        "During handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n"
        '  File "/v/streamlit/web/server/starlette/starlette_websocket.py", line 524, in _websocket_endpoint\n'
        "    await websocket.close()\n"
        'starlette.websockets.WebSocketDisconnected: Cannot call "send" once a close message has been sent.\n')
OURS = ('Traceback (most recent call last):\n  File "/w/ui/fit.py", line 3, in render\n    x = 1 / 0\n'
        "ZeroDivisionError: division by zero\n")


def test_only_streamlits_socket_close_race_is_cut_from_the_server_log():
    """The chained RuntimeError -> close() traceback Streamlit logs when a browser goes away mid-send (seen once at a
    load of ~10) is cut; a traceback through kvcost's code, before or after it, stays."""
    assert "Traceback" not in without_close_race(RACE + "  Stopping...\n")
    assert without_close_race(RACE + "  Stopping...\n").endswith("Stopping...\n")
    head = "Exception in ASGI application\n"  # uvicorn's line before the traceback stays; it is no traceback
    assert without_close_race(RACE + OURS) == head + OURS and without_close_race(OURS + RACE) == OURS + head
    assert without_close_race(RACE.replace("/v/streamlit/", "/w/ui/")) == RACE.replace("/v/streamlit/", "/w/ui/")


def test_an_exception_group_traceback_is_never_cut():
    try:
        raise ExceptionGroup("tasks", [ValueError("boom")])
    except ExceptionGroup:
        text = traceback.format_exc()
    assert "Traceback" in without_close_race(text) and without_close_race(text) == text
