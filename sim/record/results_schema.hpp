// The results file's names and version, shared by the writer (hdf5_sink) and every reader
// (summary, compare, viewer), so the schema is written down once. See docs/results-format.md.
#pragma once

namespace cdsim::record::schema {

inline constexpr const char* kFormat = "cdsim-results";
/// Bump on any change a reader could notice (a renamed variable, a new dimension on an old variable).
/// 2: agencies split (council_adult_care, council_children, council_other, nhs, police), the `agency`
/// dimension with policy_paid_by, children's services and police incidents.
inline constexpr int kFormatVersion = 2;

// Dimensions (each also a coordinate variable of the same name).
inline constexpr const char* kReplicate = "replicate";
inline constexpr const char* kTime = "time";
inline constexpr const char* kNeighbourhood = "neighbourhood";
inline constexpr const char* kAgeGroup = "age_group";
inline constexpr const char* kState = "state";
inline constexpr const char* kFromState = "from_state";
inline constexpr const char* kToState = "to_state";
inline constexpr const char* kCostCategory = "cost_category";
inline constexpr const char* kService = "service";
inline constexpr const char* kPolicy = "policy";
inline constexpr const char* kStory = "story";
inline constexpr const char* kParameterName = "parameter_name";  // only with --uncertainty
inline constexpr const char* kAgency = "agency";
inline constexpr const char* kChildrenStatus = "children_status";
inline constexpr const char* kIncidentType = "incident_type";

// Auxiliary coordinates along neighbourhood and cost_category.
inline constexpr const char* kNeighbourhoodName = "neighbourhood_name";
inline constexpr const char* kX = "x";
inline constexpr const char* kY = "y";
inline constexpr const char* kDeprivationDecile = "deprivation_decile";
inline constexpr const char* kCostAgency = "cost_agency";
inline constexpr const char* kPolicyType = "policy_type";
inline constexpr const char* kStoryResident = "story_resident";
// From public data, only when the scenario gives them (cdsim borough).
inline constexpr const char* kNeighbourhoodCode = "neighbourhood_code";
inline constexpr const char* kCentroidLon = "centroid_lon";
inline constexpr const char* kCentroidLat = "centroid_lat";
// Outlines: CF-1.8 polygon geometry in contiguous ragged arrays.
inline constexpr const char* kOutline = "neighbourhood_outline";  // the geometry container (scalar)
inline constexpr const char* kOutlineNode = "outline_node";       // dimension: every position
inline constexpr const char* kOutlinePart = "outline_part";       // dimension: every ring
inline constexpr const char* kOutlineNodeCount = "outline_node_count";            // (neighbourhood)
inline constexpr const char* kOutlinePartNodeCount = "outline_part_node_count";  // (outline_part)
inline constexpr const char* kOutlineInteriorRing = "outline_interior_ring";     // (outline_part)
inline constexpr const char* kOutlineLon = "outline_lon";                        // (outline_node)
inline constexpr const char* kOutlineLat = "outline_lat";                        // (outline_node)

// Variables.
inline constexpr const char* kResidents = "residents";
inline constexpr const char* kTransitions = "transitions";
inline constexpr const char* kDeaths = "deaths";
inline constexpr const char* kBirths = "births";
inline constexpr const char* kCost = "cost";
inline constexpr const char* kWaiting = "waiting";
inline constexpr const char* kServed = "served";
inline constexpr const char* kEngaged = "engaged";
inline constexpr const char* kIsolated = "isolated";
inline constexpr const char* kInformalSupport = "informal_support";
inline constexpr const char* kRequests = "requests";
inline constexpr const char* kRequestOutcome = "request_outcome";
inline constexpr const char* kCareHomeAge = "care_home_age";  // coordinate: 65-74, 75-84, 85+
inline constexpr const char* kCareHomeResidents = "care_home_residents";
inline constexpr const char* kCareHomeAdmissions = "care_home_admissions";
inline constexpr const char* kCareHomeWaiting = "care_home_waiting";
inline constexpr const char* kPolicySpend = "policy_spend";
inline constexpr const char* kPolicyReach = "policy_reach";
inline constexpr const char* kStoryState = "story_state";
inline constexpr const char* kStoryFlags = "story_flags";
inline constexpr const char* kStoryAge = "story_age";
inline constexpr const char* kStoryFemale = "story_female";
inline constexpr const char* kStoryNeighbourhood = "story_neighbourhood";
inline constexpr const char* kParameter = "parameter";  // (replicate, parameter_name), only with --uncertainty
inline constexpr const char* kPolicyPaidBy = "policy_paid_by";
inline constexpr const char* kPolicyStaffedBy = "policy_staffed_by";
inline constexpr const char* kChildrenServices = "children_services";
inline constexpr const char* kChildCrisisEntries = "child_crisis_entries";
inline constexpr const char* kCareStarts = "care_starts";
inline constexpr const char* kPoliceIncidents = "police_incidents";

}  // namespace cdsim::record::schema
