-- wrk script: GET PREFIX..{id} for random ids in [1, MAX_ID] (both from the environment).
-- PREFIX defaults to the member read, "/api/members/"; the nginx runs use "/member.json?id=", so
-- that wrk builds every request the same way (a Lua call per request) for both servers and sends
-- the same headers: wrk shares the cores with the server, and a cheaper client for one side only
-- would move CPU to that side's server.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
local prefix = os.getenv("PREFIX") or "/api/members/"
math.randomseed(42)
request = function()
  return wrk.format("GET", prefix .. math.random(1, max_id))
end
