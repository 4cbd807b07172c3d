-- wrk script: GET /api/members/{id} for random ids in [1, MAX_ID] (MAX_ID from the environment).
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/members/" .. math.random(1, max_id))
end
