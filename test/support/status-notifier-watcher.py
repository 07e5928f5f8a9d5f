"""A stand-in StatusNotifierWatcher for tests (what KDE Plasma or GNOME's AppIndicator extension
runs): owns org.kde.StatusNotifierWatcher on the session bus in $DBUS_SESSION_BUS_ADDRESS and
answers the IsStatusNotifierHostRegistered property with argv[1] ("true" or "false").
Prints "ready" once the name is owned; exits on SIGTERM. Needs Debian's python3-gi."""
import signal
import sys

from gi.repository import Gio, GLib

INTERFACE = """<node><interface name="org.kde.StatusNotifierWatcher">
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
</interface></node>"""

host_registered = sys.argv[1] == "true"
loop = GLib.MainLoop()
info = Gio.DBusNodeInfo.new_for_xml(INTERFACE).interfaces[0]


def get_property(_connection, _sender, _path, _interface, _name):
    return GLib.Variant("b", host_registered)


def method_call(_connection, _sender, _path, _interface, _method, _params, invocation):
    invocation.return_value(None)


def on_bus(connection, _name):
    connection.register_object("/StatusNotifierWatcher", info, method_call, get_property, None)


def on_name(_connection, _name):
    print("ready", flush=True)


Gio.bus_own_name(
    Gio.BusType.SESSION,
    "org.kde.StatusNotifierWatcher",
    Gio.BusNameOwnerFlags.NONE,
    on_bus,
    on_name,
    lambda _connection, _name: loop.quit(),
)
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: loop.quit() or False)
loop.run()
