// Debian builds no libboost_json / libboost_url for 1.81: compile their implementations once here
// (the header-only mode both libraries document).
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
