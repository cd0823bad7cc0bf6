local paths = {
"/disclosures/?q=%E8%9B%9F%E9%BE%99",
"/disclosures/?q=%E9%BA%92%E9%BA%9F",
"/disclosures/?q=%E7%BF%A1%E7%BF%A0",
"/disclosures/?q=%E9%B2%B8%E9%B1%BC",
"/disclosures/?q=%E7%81%AB%E7%AE%AD",
"/disclosures/?q=%E5%85%AC%E5%8F%B8",
"/disclosures/?q=%E7%BD%9A%E6%AC%BE",
"/disclosures/?q=%E9%A3%9F%E5%93%81"
}
local n = #paths
local i = 0
function setup(thread) thread:set('offset', math.random(1, n)) end
function init(args) i = tonumber(offset) or 0 end
function request()
  i = i + 1
  return wrk.format('GET', paths[(i % n) + 1])
end
