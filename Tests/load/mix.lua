-- wrk script: rotates over pages (cookie session), JSON API calls (bearer token) and stored
-- letter downloads, so that one run loads all three. Environment: LETTERS_COOKIE, LETTERS_TOKEN,
-- LETTERS_TRANSFER.
local cookie = os.getenv("LETTERS_COOKIE")
local token = os.getenv("LETTERS_TOKEN")
local transfer = os.getenv("LETTERS_TRANSFER")
local requests = {
  {"/", {Cookie = cookie}},
  {"/history?direction=out", {Cookie = cookie}},
  {"/transfers/" .. transfer, {Cookie = cookie}},
  {"/statistics", {Cookie = cookie}},
  {"/api/queue", {Authorization = "Bearer " .. token}},
  {"/api/history", {Authorization = "Bearer " .. token}},
  {"/api/transfers/" .. transfer, {Authorization = "Bearer " .. token}},
  {"/api/transfers/" .. transfer .. "/letters/1", {Authorization = "Bearer " .. token}},
  {"/api/transfers/" .. transfer .. "/letters/1", {Authorization = "Bearer " .. token}},
  {"/api/transfers/" .. transfer .. "/letters/1", {Authorization = "Bearer " .. token}},
}
local i = 0
request = function()
  i = i % #requests + 1
  return wrk.format("GET", requests[i][1], requests[i][2])
end
local failures = 0
response = function(status, headers, body)
  if status >= 400 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("errors (4xx/5xx): %d\n", failures))
end
