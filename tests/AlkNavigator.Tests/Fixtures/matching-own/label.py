#!/usr/bin/env python3
"""Writes labels.tsv and study-notes.tsv for the matching-own set.

Every (profile, study) decision below was made by reading the study's conditions, status and eligibility text in
src/AlkNavigator/Features/Trials/Seed/studies.json; this script only writes those decisions down. Where one
decision covers every profile (a lymphoma trial is 0 for everyone, a KRAS-only trial is 1 for everyone) the study has
a constant; otherwise a function of the profile facts in P below. Scale (as in matching-dev): 0 not relevant,
1 relevant but excluded, 2 eligible. Clinical eligibility is judged apart from location; `in_country` says whether
any listed site is in the patient's country. Run from this folder: python3 label.py
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
STUDIES = os.path.join(ROOT, 'src', 'AlkNavigator', 'Features', 'Trials', 'Seed', 'studies.json')

COUNTRY = {'US': 'United States', 'CA': 'Canada', 'GB': 'United Kingdom', 'JP': 'Japan', 'DE': 'Germany',
           'CN': 'China', 'NG': 'Nigeria', 'ES': 'Spain', 'KR': 'South Korea'}

# Facts per profile, read off the O*.json files (as of 2026-11-20).
P = {
 'O01': dict(sit='naive', meta=True, brain='active', liver=False, ecog=1, plat=False, pd1=False, lorl=False),
 'O02': dict(sit='prog', meta=True, brain=None, liver=True, ecog=1, plat=False, pd1=False, lorl=False),
 'O03': dict(sit='prog', meta=True, brain='treated', liver=False, ecog=1, plat=False, pd1=False, lorl=False),
 'O04': dict(sit='prog', meta=True, brain=None, liver=False, ecog=1, plat=False, pd1=False, lorl=True),
 'O05': dict(sit='prog', meta=True, brain=None, liver=False, ecog=1, plat=True, pd1=False, lorl=True),
 'O06': dict(sit='adjuvant', meta=False, brain=None, liver=False, ecog=0, plat=False, pd1=False, lorl=False),
 'O07': dict(sit='prog', meta=True, brain=None, liver=True, ecog=2, plat=False, pd1=False, lorl=False),
 'O08': dict(sit='ontx', meta=True, brain=None, liver=False, ecog=1, plat=False, pd1=False, lorl=False),
 'O09': dict(sit='naive', meta=True, brain=None, liver=True, ecog=0, plat=False, pd1=False, lorl=False),
 'O10': dict(sit='prog', meta=True, brain='treated', liver=False, ecog=1, plat=False, pd1=False, lorl=False),
 'O11': dict(sit='naive', meta=True, brain=None, liver=False, ecog=1, plat=False, pd1=False, lorl=False),
 'O12': dict(sit='prog', meta=True, brain=None, liver=False, ecog=1, plat=True, pd1=True, lorl=False),
 'O13': dict(sit='stage3', meta=False, brain=None, liver=False, ecog=1, plat=True, pd1=False, lorl=False),
 'O14': dict(sit='ned', meta=False, brain=None, liver=False, ecog=0, plat=True, pd1=False, lorl=False),
 'O15': dict(sit='prog', meta=True, brain='treated', liver=True, ecog=1, plat=False, pd1=False, lorl=True,
             other_driver='MET amplification'),
}
# Wording reused in reasons.
EARLY = {'adjuvant': 'resected stage IIB on adjuvant alectinib, no evidence of disease',
         'ned': 'resected stage IIIA after adjuvant chemotherapy, no evidence of disease',
         'stage3': 'unresectable stage IIIA just treated with curative-intent chemoradiation, no progression'}


def not_advanced(p):
    return EARLY.get(p['sit'])


def const(label, reason):
    return lambda p: (label, reason)


def ncisb(p):  # NCT00068003
    if not p['meta']:
        return 1, 'NCI-SB cell harvest for metastatic-cancer treatment protocols needs accessible lesions; ' + not_advanced(p)
    if p['ecog'] > 1:
        return 1, "requires 'ECOG 0 or 1'; patient ECOG 2"
    return 2, 'metastatic NSCLC (a cancer studied in NCI-SB), ECOG 0-1, lesions assumed accessible; no exclusion applies'


def genomic(p):  # NCT02178163
    if not p['meta']:
        return 1, "requires 'Stage IV or recurrent NSCLC'; " + not_advanced(p)
    return 2, 'stage IV NSCLC, Zubrod 0-2, tissue or new biopsy for genomic analysis; no exclusion applies'


def couples(p):  # NCT02596490
    if not p['meta']:
        return 1, 'requires stage IV NSCLC currently on treatment at MD Anderson; ' + not_advanced(p)
    if p['sit'] == 'ontx':
        return 1, 'on treatment, but requires treatment at MD Anderson and a cohabiting romantic partner (not documented)'
    return 1, "requires 'currently receiving treatment' at MD Anderson; patient not on treatment"


def moonshot(p):  # NCT04314401
    if p['sit'] in ('adjuvant', 'ned'):
        return 1, "requires NSCLC 'stage III/IV' in a treatment scenario; " + not_advanced(p)
    if p['sit'] == 'stage3':
        return 2, 'stage III NSCLC with a new standard regimen (consolidation) being planned; ECOG 1'
    if p['ecog'] > 2:
        return 1, 'ECOG > 2'
    s = {'naive': 'about to begin a standard-of-care regimen', 'prog': 'progressing, next standard regimen to start',
         'ontx': 'on standard-of-care therapy without progression (scenario d)'}[p['sit']]
    return 2, 'stage IV NSCLC, ' + s + '; ECOG <=2'


def exhausted_reason(p):
    """Trials for tumours 'for which no standard therapy exists / standard therapy failed / no longer effective'.
    Judged: exhausted once lorlatinib (the last approved ALK TKI) has failed; after a second-generation TKI
    only, lorlatinib is still a standard option."""
    if not p['meta']:
        return 'requires advanced/metastatic disease after standard therapy; ' + not_advanced(p)
    if p['sit'] == 'naive':
        return 'requires standard therapy failed / none available; patient treatment-naive'
    if p['sit'] == 'ontx':
        return 'requires standard therapy failed; patient responding to first-line alectinib'
    if not p['lorl']:
        return 'requires standard therapy failed / no longer effective; lorlatinib remains a standard option after progression on a second-generation ALK TKI'
    return None


def df6002(p):  # NCT04423029
    r = exhausted_reason(p)
    if r:
        return 1, r
    if p['ecog'] > 1:
        return 1, 'ECOG 0-1 required'
    return 2, 'metastatic NSCLC after failure of lorlatinib (standard ALK TKIs exhausted); ECOG 0-1; no exclusion applies'


def alkove(p):  # NCT05384626
    if p['sit'] in ('adjuvant', 'ned'):
        return 1, 'requires locally advanced or metastatic ALK+ NSCLC with measurable disease; ' + not_advanced(p)
    if p['sit'] == 'ontx':
        return 1, "excludes 'ongoing anticancer therapy'; patient responding to first-line alectinib"
    if p.get('other_driver'):
        return 1, "excludes 'a known oncogenic driver alteration other than ALK'; acquired " + p['other_driver']
    if p['sit'] == 'stage3':
        return 2, 'locally advanced ALK+ NSCLC with measurable residual disease, off therapy; no exclusion in the listed text'
    extra = ' (no ECOG limit in the listed text)' if p['ecog'] > 1 else ''
    return 2, 'locally advanced/metastatic ALK+ NSCLC, measurable, no other driver; no exclusion applies' + extra


def roche_screen(p):  # NCT05419375
    if p['sit'] == 'stage3':
        return 2, "'locally advanced, unresectable Stage III NSCLC', ECOG 0-2"
    if p['sit'] == 'adjuvant':
        return 1, 'adjuvant cohort is for surgical candidates screened before treatment; already resected and on adjuvant alectinib'
    if p['sit'] == 'ned':
        return 1, 'adjuvant cohort is for surgical candidates screened before treatment; already resected and adjuvant chemotherapy completed'
    return 1, 'cohorts limited to unresectable stage III or resectable stage II-IIIB NSCLC; patient stage IV'


def liver_sbrt(p):  # NCT05430009
    if not p['liver']:
        return 1, "requires 'NSCLC with liver metastases' eligible for checkpoint inhibitors; none"
    return 1, 'liver metastases present, but requires eligibility for checkpoint inhibitors; not standard for ALK+ NSCLC'


def xtx301(p):  # NCT05684965
    if not p['meta']:
        return 1, 'requires locally advanced/metastatic tumour that failed standard therapy; ' + not_advanced(p)
    if p['brain']:
        return 1, "excludes 'CNS metastases'"
    if p['liver']:
        return 1, "excludes 'known liver metastasis based on imaging'"
    if p['sit'] == 'prog' and p['pd1'] and p['plat']:
        return 2, 'phase 2 NSCLC cohort: 1-2 prior lines incl. PD-1 + platinum and ALK-targeted therapy; no liver/CNS metastases'
    r = exhausted_reason(p)
    if r:
        return 1, r
    return 2, 'phase 1 part 1A: metastatic NSCLC after failure of lorlatinib; no liver or CNS metastases; ECOG 1'


def rr_solid(p, ecog_max, extra=''):
    """Trials for relapsed/refractory or previously treated ('following SoC') advanced tumours."""
    if not p['meta']:
        return 1, 'requires relapsed/refractory locally advanced or metastatic disease; ' + not_advanced(p)
    if p['sit'] == 'naive':
        return 1, 'for relapsed/refractory disease after standard treatment; patient treatment-naive'
    if p['sit'] == 'ontx':
        return 1, 'for relapsed/refractory disease; patient responding to first-line alectinib'
    if p['ecog'] > ecog_max:
        return 1, 'requires ECOG 0-%d; patient ECOG %d' % (ecog_max, p['ecog'])
    return 2, 'metastatic NSCLC progressing after ALK TKI' + extra + '; measurable; ECOG %d; no exclusion applies' % p['ecog']


def pyx201(p):  # NCT05720117
    return rr_solid(p, 1)


def gtaexs(p):  # NCT05985655
    return rr_solid(p, 1, ' (SoC treatment received); non-bone lesion for biopsy')


def sactmt(p):  # NCT06074588
    if not p['meta']:
        if p['sit'] == 'stage3':
            return 1, 'requires progressive advanced NSCLC after TKI and platinum; stage III just treated with curative chemoradiation'
        return 1, 'requires advanced/metastatic NSCLC after TKI and platinum; ' + not_advanced(p)
    if p['sit'] in ('naive', 'ontx'):
        return 1, 'requires progression after 1-2 TKI lines and platinum; patient has not progressed on a TKI'
    if p['ecog'] > 1:
        return 1, 'requires prior platinum after TKI (none) and ECOG 0-1 (patient ECOG 2)'
    if not p['plat']:
        return 1, 'requires 1 platinum-based therapy after progression on the TKI; no chemotherapy given'
    if p['pd1']:
        return 1, "platinum must follow TKI progression ('1 platinum-based therapy after progression on or after TKI'); patient's platinum preceded alectinib"
    return 2, 'ALK+ nonsquamous NSCLC after 2 TKIs then platinum, progressing, measurable; no active CNS disease'


def ceacam5(p):  # NCT06131840
    if not p['meta']:
        return 1, 'requires metastatic or unresectable relapsed/refractory tumour; ' + not_advanced(p)
    if p['sit'] == 'naive':
        return 1, 'requires relapsed/refractory disease and prior platinum for NSCLC; patient treatment-naive'
    if p['sit'] == 'ontx':
        return 1, 'requires relapsed/refractory disease after platinum; patient responding to first-line alectinib'
    if p['ecog'] > 1:
        return 1, 'ECOG 0-1 required; also no platinum'
    if not p['plat']:
        return 1, "NSCLC 'must have received platinum-based therapy'; no chemotherapy given (chemotherapy still a standard option)"
    return 2, 'NSCLC after platinum and ALK-targeted therapy, progressing, measurable, ECOG 1; no active CNS disease'


def ctx8371(p):  # NCT06150664
    if not p['meta']:
        return 1, 'requires advanced NSCLC progressing after PD-(L)1 and platinum; ' + not_advanced(p)
    if p['brain']:
        return 1, "excludes 'known CNS and brain metastasis, including asymptomatic'; also no PD-(L)1 therapy"
    if not p['pd1']:
        return 1, 'NSCLC must have progressed after >=2 doses of PD-(L)1 therapy and had platinum; no PD-(L)1 given'
    return 2, 'expansion NSCLC cohort: progressed after >=2 doses of pembrolizumab (then alectinib) and prior platinum; no brain metastases'


def fra_ly(p):  # NCT06400472
    if not p['meta']:
        return 1, 'for advanced/metastatic solid tumours; ' + not_advanced(p)
    if p['brain'] == 'active':
        return 1, "excludes 'known or suspected uncontrolled CNS metastases'; untreated brain metastases"
    return 2, 'advanced NSCLC (escalation/expansion); listed text sets no prior-therapy or ECOG criterion; no exclusion applies'


def xb010(p):  # NCT06545331
    r = exhausted_reason(p)
    if r:
        return 1, r.replace('standard therapy failed / no longer effective', "'alternative therapies do not exist or ... no longer effective'")
    if p['ecog'] > 1:
        return 1, 'ECOG 0-1 required'
    return 2, 'metastatic NSCLC after failure of lorlatinib (available therapies no longer effective); ECOG 0-1'


def zw191(p):  # NCT06555744
    if p['sit'] in ('adjuvant', 'ned'):
        return 1, 'requires locally advanced (unresectable), recurrent or metastatic disease with measurable lesions; ' + not_advanced(p)
    if p['ecog'] > 1:
        return 1, 'requires ECOG 0-1; patient ECOG 2'
    if p['sit'] == 'stage3':
        return 2, "'locally advanced (unresectable)' NSCLC with measurable residual disease, ECOG 1; no prior-therapy criterion"
    return 2, 'metastatic cancer, measurable, ECOG 0-1; no criterion on prior therapy or brain metastases'


def lu_nns309(p):  # NCT06562192
    if not p['meta']:
        return 1, 'requires locally advanced unresectable/metastatic NSCLC progressing after targeted therapy; ' + not_advanced(p)
    if p['sit'] == 'naive':
        return 1, 'NSCLC with actionable alteration must have progressed on targeted therapy; patient treatment-naive'
    if p['sit'] == 'ontx':
        return 1, 'requires progression on or intolerance to targeted therapy; patient responding to alectinib'
    return 2, "ALK+ NSCLC with 'disease progression following targeted therapy'; no listed exclusion applies"


def hlx43(p):  # NCT06907615
    if not p['meta']:
        return 1, 'requires stage IIIB-IV NSCLC not suitable for radical treatment after targeted therapy and platinum; ' + not_advanced(p)
    if p['sit'] in ('naive', 'ontx'):
        return 1, 'AGA cohort requires failure of targeted therapy and platinum-based chemotherapy'
    if not p['plat']:
        return 1, 'AGA cohort requires prior targeted therapy AND platinum-based chemotherapy; no chemotherapy given'
    return 2, 'AGA cohort: failed ALK-targeted therapy and platinum, measurable, ECOG 1; no active CNS disease'


def arr(f):
    return f


# nct -> (topic, key criteria applied, rule)
S = {
 'NCT00068003': ('NCI Surgery Branch cell harvest (observational)', 'cancer studied in NCI-SB; ECOG 0-1; accessible lesions', ncisb),
 'NCT02143830': ('Fanconi anaemia transplant', 'haematologic diagnosis of Fanconi anaemia', const(0, 'Fanconi anaemia / marrow failure trial')),
 'NCT02178163': ('genomic analysis to start therapy, NSCLC', 'stage IV or recurrent NSCLC; Zubrod 0-2; biopsy', genomic),
 'NCT02596490': ('couple-based meditation, metastatic lung cancer', 'stage IV NSCLC currently treated at MD Anderson; partner', couples),
 'NCT03420963': ('NK cells for paediatric-type solid tumours', 'age <=40 and childhood-type tumour', const(0, 'solid tumours of paediatric origin; adult NSCLC not in scope')),
 'NCT03551951': ('CTC/cfDNA detection in solid cancers', "solid cancer (lung) 'of all stages'", const(2, "solid cancer (lung) 'of all stages' eligible; no exclusion applies")),
 'NCT03774758': ('ctDNA in lung-cancer screening', 'screening population; excludes active malignancy', const(0, 'lung-cancer screening population; excludes active malignancy within 5 years')),
 'NCT04093167': ('BR36 ctDNA-adaptive pembrolizumab', 'EGFR and ALK negative; PD-L1 >=50%', const(1, "requires 'EGFR and ALK mutation-negative disease'")),
 'NCT04165070': ('KEYMAKER-U01 1L pembrolizumab combos', 'not eligible for approved targeted therapy; no prior therapy for metastatic NSCLC', const(1, "nonsquamous NSCLC must be 'not eligible for an approved targeted therapy'; ALK+ is")),
 'NCT04253964': ('PS2 vs PS0-1 chemo-immunotherapy', 'excludes ALK rearrangement', const(1, "excludes 'gene rearrangement of anaplastic lymphoma kinase (ALK)'")),
 'NCT04314401': ('Cancer Moonshot Biobank', 'NSCLC stage III/IV in a treatment scenario a-d; ECOG 0-2', moonshot),
 'NCT04423029': ('DF6002 (IL-12) +/- nivolumab phase 1', 'no standard therapy or standard therapy failed; ECOG 0-1', df6002),
 'NCT04474301': ('COVID-19 well-being in melanoma', 'melanoma registry patients', const(0, 'melanoma survey study')),
 'NCT04486833': ('quaratusugene + osimertinib, EGFR', 'EGFR-mutant after osimertinib; excludes ALK', const(1, 'requires EGFR-mutant NSCLC progressing on osimertinib; excludes ALK')),
 'NCT04762199': ('MRX-2843 + osimertinib, EGFR', 'activating EGFR mutation', const(1, "requires metastatic NSCLC 'with activating EGFR mutation'")),
 'NCT05001009': ('goals-of-care conversations for Veterans', 'Veteran in VHA primary care, CAN score >=90', const(1, 'requires a Veteran in VHA primary care with Care Assessment Need score >=90; not documented')),
 'NCT05022446': ('survey of pulmonologists', 'clinicians only', const(0, 'survey of pulmonologists, not patients')),
 'NCT05058651': ('extrapulmonary neuroendocrine carcinoma', 'extrapulmonary NEC', const(0, 'extrapulmonary neuroendocrine carcinoma trial')),
 'NCT05061550': ('NeoCOAST-2 perioperative immunotherapy', 'resectable IIA-IIIB; excludes ALK', const(1, "excludes 'ALK translocations'; neoadjuvant resectable stage II-IIIB")),
 'NCT05118854': ('neoadjuvant sotorasib, KRAS G12C', 'KRAS G12C resectable IIA-IIIB', const(1, 'requires KRAS p.G12C-mutant, untreated resectable stage IIA-IIIB NSCLC')),
 'NCT05168566': ('sutetinib, uncommon EGFR', 'uncommon EGFR mutation, no other oncogene', const(1, "requires uncommon EGFR mutation 'excluding any other ... oncogenes'")),
 'NCT05235165': ('osteosarcoma lung metastasectomy', 'osteosarcoma, age <50', const(0, 'osteosarcoma trial')),
 'NCT05261399': ('SAFFRON savolitinib + osimertinib', 'EGFR-mutant, MET-altered after osimertinib', const(1, 'requires EGFR-mutant, MET-altered NSCLC progressing on osimertinib')),
 'NCT05332925': ('TUMORIN tumoroids for ICI response', 'ICI-naive advanced NSCLC receiving SoC anti-PD-(L)1', const(1, 'requires planned standard-of-care anti-PD-(L)1 in an ICI-naive patient; none planned (not standard for ALK+ NSCLC)')),
 'NCT05384626': ('ALKOVE-1 neladalkib (NVL-655)', 'locally advanced/metastatic ALK+ NSCLC; measurable; no other driver; no ongoing therapy', alkove),
 'NCT05394831': ('JIN-A02, EGFR C797S/T790M', 'EGFR-mutant after EGFR TKI', const(1, 'requires EGFR-mutant NSCLC progressing after EGFR TKI')),
 'NCT05415358': ('immune signatures after 1L ICI', "completed >=20 months 1L ICI; excludes ALK", const(1, "excludes 'first line treatment druggable gene abnormalities (e.g. EGFR, BRAF, ALK, ROS1)'")),
 'NCT05419375': ('Roche master screening (stage II-III NSCLC)', 'unresectable stage III (ECOG 0-2) or resectable II-IIIB pre-surgery', roche_screen),
 'NCT05430009': ('liver SBRT + checkpoint inhibitor', 'NSCLC with liver metastases; eligible for ICI', liver_sbrt),
 'NCT05443126': ('EP0031, RET-altered', 'RET alteration; no other driver', const(1, "requires RET-altered cancer; excludes 'any known major driver gene alterations other than RET'")),
 'NCT05519293': ('H002, EGFR after 3rd-gen TKI', 'EGFR-mutant after osimertinib', const(1, 'requires EGFR-mutant NSCLC progressing on a third-generation EGFR TKI')),
 'NCT05684965': ('XTX301 (IL-12) phase 1/2', 'failed standard therapy (1A) or NSCLC 1-2 lines incl. PD-1+platinum and targeted (2C); no liver or CNS metastases; ECOG', xtx301),
 'NCT05720117': ('PYX-201 in relapsed/refractory solid tumours', 'R/R locally advanced/metastatic NSCLC; ECOG 0-1; measurable; no symptomatic brain mets', pyx201),
 'NCT05736029': ('PROPHETIC host response to immunotherapy', 'NSCLC patients starting ICI-based treatment', const(1, 'study of NSCLC patients on immune-checkpoint-inhibitor treatment; none current or planned')),
 'NCT05815173': ('ladarixin + sotorasib, KRAS G12C', 'KRAS G12C; no ALK', const(1, "requires KRAS G12C; excludes 'anaplastic lymphoma kinase (ALK) translocation'")),
 'NCT05892068': ('pre-operative tucatinib, HER2+ brain metastases', 'HER2-altered cancer with brain metastasis for resection', const(1, 'requires HER2-altered cancer with a brain metastasis planned for resection')),
 'NCT05903092': ('MOZART, extensive-stage SCLC', 'small cell lung cancer', const(0, 'small-cell lung cancer trial')),
 'NCT05985655': ('GTAEXS617 in advanced solid tumours', 'advanced disease following SoC; ECOG 0-1; non-bone biopsiable lesion', gtaexs),
 'NCT06074588': ('sacituzumab tirumotecan vs chemo, EGFR/other AGAs', '1-2 prior TKI lines then 1 platinum after TKI progression; ECOG 0-1; no active CNS', sactmt),
 'NCT06117774': ('tarlatamab, limited-stage SCLC', 'small cell lung cancer after CRT', const(0, 'limited-stage small-cell lung cancer trial')),
 'NCT06119581': ('SUNRAY-01 olomorasib, KRAS G12C', 'KRAS G12C; excludes ALK', const(1, 'requires KRAS G12C; excludes documented ALK alteration')),
 'NCT06131840': ('SGN-CEACAM5C ADC phase 1', 'relapsed/refractory; NSCLC must have had platinum and targeted therapy; ECOG 0-1', ceacam5),
 'NCT06150664': ('CTX-8371 phase 1', 'NSCLC after >=2 doses PD-(L)1 and platinum; excludes any brain metastases; ECOG 0-1', ctx8371),
 'NCT06162572': ('1L cemiplimab combinations, PD-L1 high', 'excludes ALK; no prior ICI', const(1, "excludes 'driver mutations ... (e.g. EGFR mutation, ALK fusion oncogene, ROS1)'")),
 'NCT06343402': ('BBO-8520, KRAS G12C', 'KRAS G12C', const(1, 'requires KRAS G12C-mutant NSCLC')),
 'NCT06385262': ('neoadjuvant chemo + cemiplimab +/- alirocumab', 'resectable IB-IIIA untreated; excludes ALK', const(1, "excludes 'ALK translocation'; untreated resectable stage IB-IIIA")),
 'NCT06388564': ('axatilimab for chronic GVHD', 'chronic graft-versus-host disease', const(0, 'chronic GVHD trial')),
 'NCT06400472': ('LY4170156 FRalpha ADC phase 1', 'selected advanced tumours incl. NSCLC; excludes uncontrolled CNS metastases', fra_ly),
 'NCT06401330': ('Wilms tumour', 'Wilms tumour, age <30', const(0, 'paediatric Wilms tumour trial')),
 'NCT06404086': ('RECOVER-SLEEP long COVID', 'post-COVID sleep disturbance', const(0, 'long-COVID sleep trial')),
 'NCT06475807': ('CaNS diet during checkpoint inhibitors', 'NSCLC on SoC anti-PD-(L)1 (adjuvant/neoadjuvant/consolidation)', const(1, 'NSCLC must be on or starting SoC anti-PD-(L)1 (adjuvant, neoadjuvant or stage IIIB/C consolidation); none')),
 'NCT06545331': ('XB010 +/- pembrolizumab phase 1', "alternative therapies do not exist or no longer effective; ECOG 0-1", xb010),
 'NCT06555744': ('ZW191 FRalpha ADC phase 1', 'locally advanced (unresectable)/recurrent/metastatic; measurable; ECOG 0-1', zw191),
 'NCT06561386': ('nivolumab+relatlimab+chemo 1L', 'excludes ALK', const(1, 'excludes EGFR/ALK/ROS1 alterations sensitive to targeted therapy')),
 'NCT06562192': ('[177Lu]Lu-NNS309 phase 1', 'NSCLC with AGA progressing after targeted therapy', lu_nns309),
 'NCT06582745': ('trametinib for Langerhans cell histiocytosis', 'LCH, age <=30', const(0, 'Langerhans cell histiocytosis trial')),
 'NCT06593522': ('AMG 193, MTAP-deleted NSCLC', 'MTAP deletion; excludes ALK', const(1, 'requires MTAP-deleted NSCLC; excludes ALK alterations')),
 'NCT06667076': ('SC amivantamab, EGFR', 'EGFR Ex19del/L858R', const(1, 'requires EGFR Ex19del or L858R NSCLC')),
 'NCT06712316': ('BNT327 1L master protocol', 'without actionable EGFR or ALK', const(1, "requires NSCLC 'without actionable EGFR mutation or ALK rearrangement'")),
 'NCT06712745': ('PULSAR SAbR for ultra-central lung tumours', 'ultra-central 1.5-5 cm lung tumour for SAbR', const(1, 'requires a 1.5-5 cm ultra-central lung tumour planned for SAbR; not documented')),
 'NCT06763536': ('nicotine pouches in rural Appalachia', 'adult smokers without cancer', const(0, 'smoking-cessation trial for smokers without cancer')),
 'NCT06834373': ('golcadomide bridging before CAR-T, B-cell lymphoma', 'aggressive B-cell lymphoma (incl. ALK+ LBCL)', const(0, 'B-cell lymphoma trial (ALK-positive large B-cell lymphoma is not ALK+ NSCLC)')),
 'NCT06907615': ('HLX43 anti-PD-L1 ADC', 'AGA cohort: failed targeted therapy AND platinum; stage IIIB-IV; ECOG 0-1', hlx43),
 'NCT07058064': ('wearable cardiac monitoring, lymphoma/sarcoma', 'lymphoma or sarcoma survivors', const(0, 'lymphoma/sarcoma survivorship trial')),
 'NCT07063745': ('BMS-986504 1L MTAP-deleted NSCLC', 'MTAP deletion; no 1L-actionable alteration', const(1, 'requires MTAP deletion; excludes actionable alterations with first-line SOC (ALK)')),
 'NCT07132918': ('HEARTS cardiac-sparing thoracic RT', 'stage IIIA-IIIC non-operable NSCLC with definitive RT planned', const(1, 'requires non-operable stage IIIA-IIIC NSCLC with a definitive RT course still planned')),
 'NCT07216404': ('psilocybin for depression in NSCLC', 'major depression GRID-HAMD >16', const(1, 'requires moderate-severe major depression (GRID-HAMD >16); none documented')),
 'NCT07223424': ('SC vs IV nivolumab/pembrolizumab preference', 'on-label nivolumab/pembrolizumab, ICI-naive or currently on PD-(L)1', const(1, 'requires on-label nivolumab/pembrolizumab planned or ongoing; none planned for this ALK+ patient')),
 'NCT07275216': ('frail classical Hodgkin lymphoma', 'Hodgkin lymphoma', const(0, 'Hodgkin lymphoma trial')),
}

# Per-profile overrides where a constant study needs a different reason for one profile (label unchanged).
OVERRIDE = {
 ('NCT07223424', 'O14'): (1, 'adjuvant pembrolizumab after platinum is on-label, but her adjuvant chemotherapy ended 2025-06 and no ICI is planned'),
 ('NCT07223424', 'O12'): (1, 'neither ICI-naive nor currently on PD-(L)1 (pembrolizumab stopped 2026-01)'),
 ('NCT05332925', 'O12'): (1, "requires 'immunotherapy naive'; prior pembrolizumab"),
 ('NCT07132918', 'O13'): (1, 'non-operable stage IIIA, but definitive RT already completed (2026-10-02); requires a planned course and no prior overlapping thoracic RT'),
 ('NCT06475807', 'O13'): (1, 'consolidation cohort is stage IIIB/IIIC on durvalumab; patient stage IIIA, no ICI planned'),
}


def main():
    studies = json.load(open(STUDIES))['studies']
    ids = sorted(s['protocolSection']['identificationModule']['nctId'] for s in studies)
    if set(ids) != set(S):
        sys.exit('study set differs: missing %s extra %s' % (set(ids) - set(S), set(S) - set(ids)))
    countries = {}
    for s in studies:
        p = s['protocolSection']
        locs = p.get('contactsLocationsModule', {}).get('locations', [])
        countries[p['identificationModule']['nctId']] = {l.get('country') for l in locs if l.get('country')}
    profiles = sorted(P)
    for pid in profiles:
        prof = json.load(open(os.path.join(HERE, pid + '.json')))
        assert prof['id'] == pid and prof['country'] in COUNTRY, pid
    rows = ['vignette\tnct\tlabel\treason\tin_country']
    for pid in profiles:
        prof = json.load(open(os.path.join(HERE, pid + '.json')))
        for nct in ids:
            label, reason = OVERRIDE.get((nct, pid)) or S[nct][2](P[pid])
            assert label in (0, 1, 2) and '\t' not in reason
            cs = countries[nct]
            inc = 'unknown' if not cs else ('yes' if COUNTRY[prof['country']] in cs else 'no')
            rows.append('%s\t%s\t%d\t%s\t%s' % (pid, nct, label, reason, inc))
    open(os.path.join(HERE, 'labels.tsv'), 'w').write('\n'.join(rows) + '\n')
    notes = ['nct_id\ttopic\tkey_criteria']
    for nct in ids:
        notes.append('%s\t%s\t%s' % (nct, S[nct][0], S[nct][1]))
    open(os.path.join(HERE, 'study-notes.tsv'), 'w').write('\n'.join(notes) + '\n')
    print('%d rows, %d studies, %d profiles' % (len(rows) - 1, len(ids), len(profiles)))


if __name__ == '__main__':
    main()
