"""
A WebKitGTK browser that keeps its data on disk, for the forensic sweep of the cross-engine suite
(tests/support/engines.ts). MiniBrowser cannot serve there: under --automation (which WebDriver
needs) it keeps every byte in memory, so a marker planted in localStorage is found nowhere on disk.
This shell is the same engine (WebKitGTK's storage, caches and network process) with a persistent
data directory, driven by WebKitWebDriver like MiniBrowser.

Usage (WebKitWebDriver starts it): webkit-shell.py PROFILE_DIR
Needs Debian's python3-gi and gir1.2-webkit2-4.1. Quits when its last window closes (WebDriver's
delete session closes them), so the engine shuts down as a person closing it would.
"""
import os
import signal
import sys

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('WebKit2', '4.1')
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

profile = sys.argv[1]
manager = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(profile, 'data'),
    base_cache_directory=os.path.join(profile, 'cache'),
)
context = WebKit2.WebContext(website_data_manager=manager)
context.set_automation_allowed(True)
windows = set()


def create_web_view(_session):
    view = WebKit2.WebView(web_context=context, is_controlled_by_automation=True)
    window = Gtk.Window()
    window.set_default_size(360, 740)
    window.add(view)
    windows.add(window)

    def closed(_view):
        windows.discard(window)
        window.destroy()
        if not windows:
            Gtk.main_quit()

    view.connect('close', closed)
    window.show_all()
    return view


def automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name('LanternWebKitShell')
    info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
    session.set_application_info(info)
    session.connect('create-web-view', create_web_view)


context.connect('automation-started', automation_started)
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, Gtk.main_quit)
Gtk.main()
