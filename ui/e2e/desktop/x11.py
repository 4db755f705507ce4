#!/usr/bin/python3
"""What the end-to-end tests need of the X display beyond WebDriver (python3-xlib):

  x11.py window TITLE       the top-level window titled TITLE: JSON {id, pid, mapped, x, y, w, h}
                            or null
  x11.py close TITLE        asks that window to close, as its title bar's ✕ does
                            (WM_DELETE_WINDOW)
  x11.py tray CLASS         the tray icon embedded in the tray whose WM_CLASS contains CLASS:
                            JSON {id, mapped, x, y, w, h} or null
  x11.py popups NAME        mapped pop-up windows (menus) of the program NAME: JSON list
  x11.py click X Y [BUTTON] presses and releases a mouse button at X, Y (XTEST)
  x11.py keys KEY...        types keys by keysym name (Down, Return, Escape…)

Run with /usr/bin/python3: the Debian package python3-xlib installs there.
"""
import json
import sys
import time

from Xlib import X, XK, display, protocol
from Xlib.ext import xtest

D = display.Display()
ROOT = D.screen().root
NET_WM_NAME = D.intern_atom("_NET_WM_NAME")
NET_WM_PID = D.intern_atom("_NET_WM_PID")
UTF8 = D.intern_atom("UTF8_STRING")
WM_PROTOCOLS = D.intern_atom("WM_PROTOCOLS")
WM_DELETE = D.intern_atom("WM_DELETE_WINDOW")


def walk(win, depth=0):
    yield win, depth
    try:
        children = win.query_tree().children
    except Exception:  # a window that went away meanwhile
        return
    for child in children:
        yield from walk(child, depth + 1)


def title(win):
    try:
        prop = win.get_full_property(NET_WM_NAME, UTF8)
        if prop:
            return prop.value.decode("utf-8", "replace")
        name = win.get_wm_name()
        return name.decode("utf-8", "replace") if isinstance(name, bytes) else name
    except Exception:
        return None


def wm_class(win):
    try:
        return win.get_wm_class() or ()
    except Exception:
        return ()


def describe(win):
    geo = win.get_geometry()
    at = win.translate_coords(ROOT, 0, 0)
    pid = None
    try:
        prop = win.get_full_property(NET_WM_PID, X.AnyPropertyType)
        pid = int(prop.value[0]) if prop else None
    except Exception:
        pass
    return {
        "id": win.id,
        "pid": pid,
        "mapped": win.get_attributes().map_state == X.IsViewable,
        "x": -at.x,
        "y": -at.y,
        "w": geo.width,
        "h": geo.height,
    }


def top_level(name):
    # the real window, not GTK's 1×1 or 10×10 helper windows of the same name
    for win in ROOT.query_tree().children:
        if title(win) == name and win.get_geometry().width > 100:
            return win
    return None


def main(args):
    cmd = args[0]
    if cmd == "window":
        win = top_level(args[1])
        print(json.dumps(describe(win) if win else None))
    elif cmd == "close":
        win = top_level(args[1])
        if win is None:
            sys.exit(f"no window titled {args[1]}")
        event = protocol.event.ClientMessage(
            window=win, client_type=WM_PROTOCOLS, data=(32, [WM_DELETE, X.CurrentTime, 0, 0, 0])
        )
        win.send_event(event, event_mask=X.NoEventMask)
        D.sync()
    elif cmd == "tray":
        found = None
        for win, _depth in walk(ROOT):
            if any(args[1] in c for c in wm_class(win)) and win.get_attributes().map_state == X.IsViewable:
                found = describe(win)
        print(json.dumps(found))
    elif cmd == "popups":
        shown = []
        for win in ROOT.query_tree().children:
            attrs = win.get_attributes()
            if attrs.override_redirect and attrs.map_state == X.IsViewable and args[1] in wm_class(win):
                shown.append(describe(win))
        print(json.dumps(shown))
    elif cmd == "click":
        x, y = int(args[1]), int(args[2])
        button = int(args[3]) if len(args) > 3 else 1
        xtest.fake_input(D, X.MotionNotify, x=x, y=y)
        D.sync()
        time.sleep(0.1)
        xtest.fake_input(D, X.ButtonPress, button)
        D.sync()
        time.sleep(0.05)
        xtest.fake_input(D, X.ButtonRelease, button)
        D.sync()
    elif cmd == "keys":
        for name in args[1:]:
            code = D.keysym_to_keycode(XK.string_to_keysym(name))
            if not code:
                sys.exit(f"unknown key {name}")
            xtest.fake_input(D, X.KeyPress, code)
            D.sync()
            time.sleep(0.05)
            xtest.fake_input(D, X.KeyRelease, code)
            D.sync()
            time.sleep(0.15)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
