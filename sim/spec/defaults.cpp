#include "sim/spec/defaults.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <string>

// Every number below is documented in docs/parameters.md with its source row in evidence.md.
// "[ASSUMPTION]" marks values no evidence row gives; they are exposed to sensitivity analysis.

namespace cdsim::spec {

ScenarioSpec default_scenario() {
  ScenarioSpec s;
  s.name = "baseline";
  s.seed = 42;
  s.start = Date{2025, 4, 1};
  s.years = 10;
  s.replicates = 20;

  // wigan_residents: 322,000 people.
  s.population.size = 322'000;
  s.population.neighbourhoods = synthetic_neighbourhoods(25);
  // England-like pyramid in 5-year bands (ONS mid-year estimate shape; not an evidence.md row),
  // with 19.6% aged 65+ to sit between wigan_65plus_share 18.8% (2017) and 20.9% (2025).
  s.population.age_shares = {0.054, 0.059, 0.061, 0.057, 0.056, 0.062, 0.066, 0.065, 0.063, 0.062,
                             0.068, 0.069, 0.062, 0.053, 0.051, 0.042, 0.027, 0.015, 0.008};
  s.population.female_share = 0.51;

  // crisis_share / just_coping_share (SEED-UNVERIFIED): 3% crisis, 22% support.
  s.initial = {0.75, 0.22, 0.03};

  // Step 0 takes its mix of states from five unrecorded years of the model (models/settled_states.hpp):
  // the relaxation it removes lasts about four years (docs/validation.md, fact 6) [ASSUMPTION: length].
  s.burn_in_years = 5;

  // requests_trend: working-age requests +22% from 2015/16 to 2022/23 (+2.9% a year) while England's
  // population aged 18-64 grew about 0.5% a year, so onset per working-age resident grows ~2.4% a
  // year [DERIVED]. Older requests grew +6% (0.8% a year) while the 65+ population grew faster: demography
  // alone supplies older demand here, with no further trend [ASSUMPTION], since the fall per older
  // person reflects tighter eligibility, which is policy (eligibility_threshold), not need.
  s.trend.working_age_onset = 0.024;
  s.trend.older_onset = 0;

  // Requests for support as councils count them. Sized so requests from new clients are 3.6-3.7% of
  // residents a year (asc_requests_new_clients: 2.0-2.1m in England) and ~71% of them from people
  // aged 65+ (asc_requests_65plus_share), with every care-package request among them; only a minority
  // of those in need ask (LA_assessment_share: 19% assessed). The split of the rest between
  // signposting and no service is [ASSUMPTION]: the ASC-AFR table of sequels was not retrieved.
  // Refitted with carers (their unhelped and strained residents enter support more often) and care
  // homes (care-home residents' step-downs ask the council for nothing).
  s.requests.ask_working_age = 0.0925;
  s.requests.ask_older = 0.3075;
  s.requests.universal = 0.5;

  // Base weekly hazards at reference_age 50 and mid deprivation. Calibrated so the baseline keeps
  // its initial shares near the stylised facts (evidence.md section 4); see docs/parameters.md.
  s.transitions = {
      0.0014,  // independent_to_support
      0.0001,  // independent_to_crisis
      0.0006,  // support_to_independent
      0.0072,  // support_to_crisis
      0.0600,  // crisis_to_support
      0.0300,  // crisis_to_independent
  };

  s.covariates.reference_age = 50;
  // Onset doubles every ~15 years of age: a little flatter than the Gostoli onset hazard (ln2/12.5 =
  // 0.055/yr) so that need at 80+ stays near ADL_need_65plus_2021's 52% plus crisis.
  s.covariates.age_per_decade = {0.45, 0.40, -0.05, 0.20, -0.05, -0.20};
  // ADL_need_65plus_2021: most-deprived ~2x least-deprived: ln2 / 9 deciles = 0.077 per decile.
  s.covariates.deprivation_per_decile = {0.077, 0.077, -0.03, 0.05, -0.02, -0.03};

  // Gompertz mortality, doubling every ~7.3 years (UK life-table shape [ASSUMPTION]);
  // state multipliers [ASSUMPTION], bounded by end_of_life_costs concentration.
  // 0.0065 before care homes were modelled: their residents' excess mortality (care_homes.mortality_multiplier)
  // is now explicit, and the level outside them is lowered so deaths a year stay where they were.
  s.mortality.annual_at_65 = 0.006;
  s.mortality.gompertz_per_year = 0.095;
  s.mortality.minimum_annual = 0.0003;
  s.mortality.state_multiplier = {1.0, 1.8, 5.0};

  // General fertility rate ~54 births per 1,000 women aged 15-44 a year (ONS, not an evidence row).
  s.fertility.annual_rate = 0.054;
  s.fertility.min_age = 15;
  s.fertility.max_age = 44;

  // Unit costs: PSSRU 2024 manual, 2023/24 prices (evidence.md 2.8). Use per resident-week by
  // state is [ASSUMPTION], sized so crisis holds ~55% of cost (high_cost_concentration), residential
  // care costs ~£60m a year (wigan_care_homes: £64m), and contacts per resident-year are near
  // England's (about 4.6 GP consultations, 0.5 A&E attendances, 0.1 emergency admissions).
  constexpr std::array<bool, 3> kAll{true, true, true}, kChildren{true, false, false},
      kAdults{false, true, true}, kOlder{false, false, true};
  s.costs = {
      {"gp_consultation", Agency::nhs, 45, {0.06, 0.15, 0.30}, kAll},             // GP_consultation_10min
      {"ae_attendance", Agency::nhs, 273, {0.004, 0.015, 0.10}, kAll},            // AE_emergency_care
      {"emergency_admission", Agency::nhs, 5134, {0.0, 0.002, 0.05}, kAll},       // NEL_long_stay
      {"home_care_hour", Agency::council_adult_care, 27, {0.0, 0.0, 2.0}, kAdults},          // home_care_worker
      // With care homes modelled (below) the placements of residents aged 65+ are priced on the care-home
      // stock instead of the crisis use: the council pays for the share it funds, residential or nursing
      // [ASSUMPTION: 40% nursing], the NHS funded nursing care for every nursing resident.
      {"residential_care_week", Agency::council_adult_care, 897, {0.0, 0.0, 0.13}, kAdults, 0.6 * 0.6},  // residential_LA_paid
      // nursing_home_LA_paid: the council's median £1,003 plus the NHS's funded nursing care £236.
      {"nursing_care_week", Agency::council_adult_care, 1003, {0.0, 0.0, 0.05}, kOlder, 0.6 * 0.4},
      {"funded_nursing_care_week", Agency::nhs, 236, {0.0, 0.0, 0.05}, kOlder, 0.4},
      // social_worker_adult £58 an hour, for children's social workers too (the manual's children's
      // schema was not retrieved): the same hours as before, split by who employs the worker.
      {"social_worker_hour", Agency::council_adult_care, 58, {0.0, 0.1, 1.0}, kAdults},
      {"childrens_social_worker_hour", Agency::council_children, 58, {0.0, 0.1, 1.0}, kChildren},
      // Police demand linked to need and crisis, as expected incidents per resident-week [ASSUMPTION]
      // (docs/parameters.md, Police): mental-health-related incidents, domestic abuse, and incidents
      // involving young people sized to youth_club_closure's 14 offences per 1,000 aged 10-17 a year.
      {"police_mental_health_incident", Agency::police, 300, {0.000025, 0.0003, 0.006}, kAdults},
      {"police_domestic_abuse_incident", Agency::police, 400, {0.00012, 0.0009, 0.009}, kAdults},
      {"police_youth_incident", Agency::police, 250, {0.00002, 0.0018, 0.018}, kChildren},
      // care_home_external_services: GP, community nursing and other NHS care of care-home residents.
      {"care_home_external_services", Agency::nhs, 29.10, {0.0, 0.0, 0.0}, kOlder, 1.0},
  };

  // Households [ASSUMPTION: ONS household figures, not an evidence row]: about 30% of people aged
  // 65+ and 12% of those aged 18-64 live alone; children live with adults of parenting age.
  s.households.older_living_alone = 0.30;
  s.households.adults_living_alone = 0.12;

  // Ties made per resident are Poisson with these means, and made mutual, so a resident has about
  // 2.8 ties beyond its household; the threshold puts ~5% of residents, ~7% of adults, in isolation
  // (lonely_prevalence: 7% of adults often or always lonely).
  s.network.neighbour_ties = 1.0;
  s.network.friend_ties = 0.4;
  s.network.isolation_threshold = 1;
  // OR_mortality_loneliness 1.26; onset effect [ASSUMPTION] kept so the implied mortality gradient
  // stays inside OR 1.26-1.32 (evidence.md section 4, fact 13).
  s.network.isolation_onset_multiplier = 1.3;
  s.network.isolation_mortality_multiplier = 1.26;
  // informal_help_share: 65-88% of help is unpaid; each independent tie lowers escalation [ASSUMPTION].
  s.network.informal_support_per_tie = -0.06;
  s.network.informal_support_max_ties = 5;
  // A carer's or parent's crisis puts the household at risk [ASSUMPTION].
  s.network.household_crisis_multiplier = 1.5;
  // Carers (mechanisms.carers): not every tie helps, and a carer's hours go only so far. informal_help_share:
  // 65-88% of those helped have unpaid help, so a share of residents in support have none; the share of
  // ties willing to care and the number of people a carer looks after are [ASSUMPTION], set so the share
  // helped lands in that band (docs/validation.md, fact 3). Then about 23% of residents are caring for
  // someone in support at once, twice wigan_ASC_clients' ~34,000 carers (one resident in ten): the support
  // state is broader than the care the census counts. Caring raises the carer's own onset of need
  // [ASSUMPTION: carers report worse health; no evidence row gives a hazard ratio].
  s.network.help_chance = 0.8;
  s.network.carer_capacity = 2;
  // Halved from 1.3: about 23% of residents care for someone in support, twice the census count of
  // carers (wigan_ASC_clients: ~34,000), so a strain as large for all of them overstates crisis (fact 1).
  s.network.carer_strain_multiplier = 1.15;

  // cif_total_by_2018: >560 groups funded in Wigan (~17 per 10,000 residents); places, join and
  // leave rates [ASSUMPTION], day_centre_gain suggests modest effects.
  s.assets.per_10k_residents = 10;
  s.assets.places_per_asset = 25;
  s.assets.join_weekly = 0.002;
  s.assets.leave_weekly = 0.01;
  s.assets.weeks_to_connect = 12;
  s.assets.connection_ties = 2;

  // Children's social care. CLA_count: 70 looked-after children per 10,000 under 18; children in need
  // (~330 per 10,000) and plans (~40) from DfE's Characteristics of children in need [not evidence
  // rows, unverified here]; care starts (~27 per 10,000 a year) and plans started (~50) likewise. The
  // shares and durations are fitted [DERIVED] to those stocks from the model's own entries of children
  // into crisis; placements: IFA_fostering_price £820, childrens_home_price £3,830 a week (CMA).
  s.childrens_services.in_need_share = 0.42;
  s.childrens_services.protection_share = 0.5;
  s.childrens_services.care_share = 0.26;
  s.childrens_services.protection_weeks = 45;
  s.childrens_services.care_weeks = 145;
  s.childrens_services.foster_share = 0.7;
  s.childrens_services.foster_week = 820;
  s.childrens_services.home_share = 0.12;
  s.childrens_services.home_week = 3830;

  // LTS_clients_year: ~1.5% of the population receive long-term support in a year; a care package of
  // ~10 home-care hours a week at home_care_worker £27/hour. The request share is sized so the
  // waiting list settles near 0.5% of residents; waiting and served effects [ASSUMPTION].
  s.services = {{"care_package", 0.08, 120, 1.5, 0.8, 270, Agency::council_adult_care}};

  // short_term_no_further_support: 75-80% need no further support after reablement;
  // reablement_case: mean duration 34.5 days (~5 weeks).
  s.reablement.share = 0.5;
  s.reablement.weeks = 5;
  s.reablement.success = 0.77;

  // Transient acute episodes [ASSUMPTION]: sized so selected-at-peak residents visibly regress to the
  // mean (SP_controlled_hackney: pre-post falls "may have reflected regression to the mean").
  s.acute.onset_weekly = 0.003;
  s.acute.weeks = 6;
  s.acute.multiplier = 3.0;

  // Care homes for residents aged 65+. wigan_care_homes: 2,241 beds for 322,000 residents, 69.6 per
  // 10,000 (the model's homes hold only its residents aged 65+, so the beds run below full).
  s.care_homes.beds_per_10k = 69.6;
  // Sized so that council-supported permanent admissions land near care_home_admissions_65plus (584 per
  // 100,000 aged 65+ a year in 2019/20) with council_funded_share of all admissions; rising with age
  // [ASSUMPTION: slope], as care-home residence does (care_home_85plus).
  s.care_homes.admission_weekly_at_65 = 0.0001;
  s.care_homes.admission_per_year_of_age = 0.20;
  s.care_homes.assessment_weeks = 4;  // [ASSUMPTION]: assessment, funding decision and finding a home
  // [ASSUMPTION], sized so the stock holds near care_home_residents_65plus (2.5-2.8% of 65+) at the
  // admission rate above: a mean stay of about three years.
  s.care_homes.mortality_multiplier = 2.2;
  // care_home_residents_65plus: 2.8% of residents aged 65+ live in care homes in the North West (2.5% in
  // England), 56.4% of them aged 85+. The North West's share is also where the stock settles at the
  // rates above, so the recorded years start level.
  s.care_homes.initial_share_65plus = 0.028;
  s.care_homes.initial_share_85plus = 0.564;
  // [ASSUMPTION, DERIVED]: wigan_care_homes' £64m a year buys about 1,300 placements at residential_LA_paid
  // and nursing_home_LA_paid prices, some 60% of the 65+ residents the beds hold; self-funders the rest.
  s.care_homes.council_funded_share = 0.6;

  s.uncertainty = default_uncertainty();
  return s;
}

std::vector<ParameterDistribution> default_uncertainty() {
  // Each a multiplier on the scenario's own value (relative), so a borough that changes a number keeps
  // its uncertainty. Widths follow the source (docs/parameters.md, "Uncertainty"): a cited interval where
  // there is one; a lognormal of sd 0.2 (90% of draws within x0.72 to x1.39) for hazards calibrated to
  // the stylised facts; +/-50% for an [ASSUMPTION] with no anchor. Unit costs ([MAN]) and shares from
  // official statistics with narrow bands are left fixed: their uncertainty is small beside these.
  using Kind = ParameterDistribution::Kind;
  auto relative = [](const char* key, Kind kind) {
    ParameterDistribution p;
    p.key = key, p.kind = kind, p.relative = true;
    return p;
  };
  auto lognormal = [&](const char* key, double sd) {
    ParameterDistribution p = relative(key, Kind::lognormal);
    p.mean = 0, p.sd = sd;
    return p;
  };
  auto range = [&](const char* key, double low, double high, bool integer = false) {
    ParameterDistribution p = relative(key, Kind::range);
    p.low = low, p.high = high, p.integer = integer;
    return p;
  };
  auto triangular = [&](const char* key, double low, double mode, double high) {
    ParameterDistribution p = relative(key, Kind::triangular);
    p.low = low, p.mode = mode, p.high = high;
    return p;
  };
  return {
      // Calibrated hazards (fitted to facts 1, 2, 5 and 8 of evidence.md section 4).
      lognormal("transitions.independent_to_support", 0.1),
      lognormal("transitions.support_to_crisis", 0.2),
      lognormal("transitions.crisis_to_support", 0.2),
      // OR_mortality_loneliness 1.26 within 1.10 (HR_mortality_loneliness_older) to 1.32
      // (OR_mortality_living_alone): 1.10 / 1.26 and 1.32 / 1.26.
      triangular("network.isolation_mortality_multiplier", 0.873, 1, 1.048),
      range("network.isolation_onset_multiplier", 0.85, 1.15),      // [ASSUMPTION] 1.3: 1.1 to 1.5
      range("network.informal_support_per_tie", 0.5, 1.5),          // [ASSUMPTION]
      range("network.household_crisis_multiplier", 0.8, 1.2),       // [ASSUMPTION] 1.5: 1.2 to 1.8
      range("assets.join_weekly", 0.5, 1.5),                        // [ASSUMPTION]
      range("assets.connection_ties", 0.5, 1.5, /*integer=*/true),  // [ASSUMPTION] 2: 1, 2 or 3
      range("acute.multiplier", 0.67, 1.33),                        // [ASSUMPTION] 3: 2 to 4
      // short_term_no_further_support 74.9-79.5%, reablement_home_91d 79-82%: 0.75 to 0.80 of 0.77.
      triangular("reablement.success", 0.974, 1, 1.039),
      range("trend.working_age_onset", 0.5, 1.5),                   // requests_trend [DERIVED]
      range("mortality.state_multiplier.crisis", 0.7, 1.3),         // [ASSUMPTION] 5: 3.5 to 6.5
      range("care_homes.mortality_multiplier", 0.8, 1.2),           // [ASSUMPTION] 2.2: 1.76 to 2.64
      range("network.carer_strain_multiplier", 0.87, 1.13),         // [ASSUMPTION] 1.15: 1.0 (none) to 1.3
  };
}

std::vector<NeighbourhoodSpec> synthetic_neighbourhoods(int count) {
  std::vector<NeighbourhoodSpec> out;
  out.reserve(static_cast<std::size_t>(count));
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  for (int i = 0; i < count; ++i) {
    NeighbourhoodSpec n;
    n.name = fmt::format("N{}", i + 1);
    // Hex-like layout: odd rows shifted half a tile so the map reads as a borough, not a table.
    const int row = i / columns, col = i % columns;
    n.x = col + (row % 2 ? 0.5 : 0.0);
    n.y = row * 0.866;
    // Deciles spread evenly over 1..10; a stride coprime to count scatters them over the map.
    int stride = 7;
    while (std::gcd(stride, count) != 1) ++stride;
    const int rank = static_cast<int>((static_cast<long>(i) * stride) % count);
    n.deprivation_decile = 1 + rank * 10 / count;
    n.share = 1.0 / count;
    out.push_back(n);
  }
  return out;
}

}  // namespace cdsim::spec
