-- Test-only: a server that acknowledges a message and then loses it, as ejabberd can when it
-- restarts right after its XEP-0198 ack. The first message to a bare JID whose id starts
-- with "lose-once-" is swallowed (stream management still counts it as handled, so it is
-- acked); the marker file makes it happen once, across restarts too.
local marker = prosody.paths.data .. "/herald-lose-once.marker";

module:hook("pre-message/bare", function(event)
	local id = event.stanza.attr.id or "";
	if id:sub(1, #"lose-once-") ~= "lose-once-" then return; end
	local seen = io.open(marker, "r");
	if seen then seen:close(); return; end
	local file = assert(io.open(marker, "w"));
	file:write(id);
	file:close();
	module:log("info", "losing message %s after acking it", id);
	return true;
end, 1000);
