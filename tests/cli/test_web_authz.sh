# The authorization matrix of the web API: every route x every role x own
# team (A) / other team (B) -> expected status, table-driven.
#
# Roles: admin; org = organizer of A's superior org (not B's); sec = A's
# secretary; mem = a member of A; memB = the head of B; staff; anon = not
# logged in. Materials: only the author (mem in A; nobody listed in B) may
# upload (不得代写: not even an administrator); the head (memB in B), the
# superior's organizer or an administrator may return / approve, not the
# secretary.
# Approval is final: after the first approver the next one allowed gets 409.
# Placeholders: {M} meeting, {I} ledger item, {P} a member, {X} a material
# by {MP}, {R} a new version uploaded by its author {MP} (CLI --as) before
# each call (which puts the material back to 已提交 through the audited path), {R1}
# the same once per team (before the first role),
# {T1} {T2} two members, {O} the team's unit; fresh records per call: {S} a
# study, {L} an opinion link, {N} a ledger item owned by {OWN}, {K} a link token.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
build_world
start_server
ROLES="admin org sec mem memB staff anon"
login admin admin; login org org1; login sec secA; login mem memA; login memB memB; login staff staff

#  METHOD | PATH | BODY | team A: admin org sec mem memB staff anon | team B: same order
MATRIX='
GET|/api/v1/me||200 200 200 200 200 200 401|200 200 200 200 200 200 401
GET|/api/v1/rollup||200 200 403 403 403 403 401|200 200 403 403 403 403 401
GET|/api/v1/overdue||200 200 403 403 403 403 401|200 200 403 403 403 403 401
GET|/api/v1/persons/{P}/history||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/charts/ledger?year=2026||200 200 403 403 403 403 401|200 200 403 403 403 403 401
GET|/api/v1/charts/talks||200 200 403 403 403 403 401|200 200 403 403 403 403 401
GET|/api/v1/me/reminders||200 200 200 200 200 403 401|200 200 200 200 200 403 401
GET|/api/v1/meetings/{M}/status||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/meetings/{M}/ledger||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/items/{I}||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/records/meeting/{M}||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/records/person/{P}||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/records/opinion?meeting_id={M}||200 200 200 200 200 403 401|200 200 200 200 200 403 401
GET|/api/v1/meetings/{M}/opinion-links||200 200 200 403 403 403 401|200 403 403 403 403 403 401
POST|/api/v1/meetings/{M}/opinion-links|{"closes_on":"2026-12-31"}|201 201 201 403 403 403 401|201 403 403 403 403 403 401
DELETE|/api/v1/opinion-links/{L}||204 204 204 403 403 403 401|204 403 403 403 403 403 401
POST|/api/v1/records/talk|{"meeting_id":{M},"a_id":{T1},"b_id":{T2},"date":"2026-11-10"}|201 201 201 201 403 403 401|201 403 403 403 201 403 401
POST|/api/v1/records/opinion|{"meeting_id":{M},"channel":"form","text":"意见"}|201 201 201 403 403 403 401|201 403 403 403 403 403 401
PATCH|/api/v1/records/meeting/{M}|{"place":"会议室"}|200 200 200 403 403 403 401|200 403 403 403 403 403 401
DELETE|/api/v1/records/study/{S}||204 204 204 403 403 403 401|204 403 403 403 403 403 401
POST|/api/v1/items/{N}/actions/start|{}|200 403 200 200 403 403 401|200 403 403 403 200 403 401
POST|/api/v1/items/{I}/notes|{"kind":"progress","text":"进展"}|201 403 201 201 403 403 401|201 403 403 403 201 403 401
POST|/api/v1/records/org|{"name":"新部门","kind":"dept","parent_id":{O}}|201 201 403 403 403 403 401|201 403 403 403 403 403 401
PATCH|/api/v1/records/person/{P}|{"title":"新职务"}|200 200 403 403 403 403 401|200 403 403 403 403 403 401
PATCH|/api/v1/records/person/{P}|{"role":"admin"}|200 403 403 403 403 403 401|200 403 403 403 403 403 401
GET|/api/v1/anon/{K}||200 200 200 200 200 200 200|200 200 200 200 200 200 200
GET|/api/v1/materials/{X}||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/materials/{X}/versions||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/materials/{X}/diff?from=1&to=1||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/materials/{X}/download?format=docx||200 200 200 200 403 403 401|200 403 403 403 200 403 401
GET|/api/v1/materials/{X}/check||200 200 403 403 403 403 401|200 403 403 403 200 403 401
POST|/api/v1/meetings/{M}/materials/upload?member={MP}&filename=m.txt{R}|二、存在的问题 一是学习不够系统，只参加了两次集中学习。|403 403 403 201 403 403 401|403 403 403 403 403 403 401
POST|/api/v1/materials/{X}/versions?filename=m.txt{R}|二、存在的问题 一是调研不够深入，没有到现场核实。|403 403 403 201 403 403 401|403 403 403 403 403 403 401
POST|/api/v1/materials/{X}/actions/return{R}|{"reason":"不够具体","rewrite_due":"2026-12-20"}|200 200 403 403 403 403 401|200 403 403 403 200 403 401
POST|/api/v1/materials/{X}/actions/approve{R1}|{}|200 409 403 403 403 403 401|200 403 403 403 409 403 401
POST|/api/v1/materials/{X}/to-ledger|{}|200 200 200 200 403 403 401|200 403 403 403 200 403 401
POST|/api/v1/anon/{K}|{"about_id":null,"area_id":null,"text":"匿名意见"}|201 201 201 201 201 201 201|201 201 201 201 201 201 201
'
# materials by their authors: X (A, by 5) and X (B, by 10)
printf '二、存在的问题\n\n（一）在带头学习方面\n\n一是学习不够系统。只参加了两次集中学习。\n' > "$TMP/mat.txt"
m --as 5 material add --meeting 1 --member 5 "$TMP/mat.txt" >/dev/null
m --as 10 material add --meeting 2 --member 10 "$TMP/mat.txt" >/dev/null
printf '二、存在的问题 一是学习不够系统。\n' > "$TMP/r1.txt"
printf '二、存在的问题 一是学习不够系统，只参加了两次集中学习。\n' > "$TMP/r.txt"
# fixed per team: M I P T1 T2 O OWN X MP
vars_A="1 1 5 4 5 2 5 1 5"
vars_B="2 2 10 7 10 5 7 2 10"
fresh_link() { req admin POST "/api/v1/meetings/$1/opinion-links" '{"closes_on":"2026-12-31"}' >/dev/null
  sed -n "s/.*\"$2\":\"*\([0-9a-f]*\)\"*[,}].*/\1/p" "$TMP/body"; }
KA=$(fresh_link 1 token); KB=$(fresh_link 2 token)
[ ${#KA} -eq 64 ] && ok "opinion link token for the matrix" || notok "link token" "$KA"

echo "$MATRIX" | while IFS='|' read -r method path body wantA wantB; do
  [ -n "$method" ] || continue
  for team in A B; do
    if [ $team = A ]; then set -- $vars_A; want=$wantA; K=$KA; else set -- $vars_B; want=$wantB; K=$KB; fi
    M=$1 I=$2 P=$3 T1=$4 T2=$5 O=$6 OWN=$7 X=$8 MP=$9
    # fixed placeholders once per team; fresh ones ({S} {L} {N}) per call;
    # {R}: the material is put back to 已提交 before each call
    pt=$(echo "$path" | sed "s/{M}/$M/g; s/{I}/$I/g; s/{P}/$P/g; s/{K}/$K/g; s/{X}/$X/g; s/{MP}/$MP/g")
    b=$(echo "$body" | sed "s/{M}/$M/g; s/{T1}/$T1/g; s/{T2}/$T2/g; s/{O}/$O/g")
    set -- $want
    for role in $ROLES; do
      w=$1; shift
      p=$pt
      case "$pt" in
        *'{S}'*) p=$(echo "$pt" | sed "s/{S}/$(m study add --meeting $M --date 2026-11-01 --topic 学习 | id_of)/");;
        *'{L}'*) p=$(echo "$pt" | sed "s/{L}/$(fresh_link $M id)/");;
        *'{N}'*) p=$(echo "$pt" | sed "s/{N}/$(m ledger add --meeting $M --source self --problem 新问题 --owner $OWN | id_of)/");;
        *'{R1}'*) [ "$role" = admin ] && m --as $MP material add --meeting $M --member $MP "$TMP/r1.txt" >/dev/null
                  p=$(echo "$pt" | sed "s/{R1}//");;
        *'{R}'*) m --as $MP material add --meeting $M --member $MP "$TMP/r.txt" >/dev/null || notok "reset material $X"
                 p=$(echo "$pt" | sed "s/{R}//");;
      esac
      got=$(req $role "$method" "$p" "$b")
      expect "authz $method $path team $team as $role -> $w" "$w" "$got"
      # the admin-role row must not leave person P an admin for the next rows
      case "$b" in *'"role":"admin"'*) [ "$got" = 200 ] && m person update $P --role member >/dev/null;; esac
    done
  done
done
n=$(echo "$MATRIX" | grep -c '|')
echo "# authorization matrix: $n routes x 7 roles x 2 teams = $((n * 14)) cells"
ok "authorization matrix size $n x 7 x 2 = $((n * 14))"

# read scoping of lists: the other team's rows are filtered out, not refused
req mem GET "/api/v1/records/opinion?meeting_id=2" >/dev/null
grep -q '"total":0' "$TMP/body" && ok "member of A lists no opinion of B" || notok "list scoping" "$(cat "$TMP/body")"
req org GET "/api/v1/records/team" >/dev/null
grep -q '市水务局领导班子' "$TMP/body" && ! grep -q '区教育局领导班子' "$TMP/body" && ok "organizer lists only teams under its org" || notok "organizer team list" "$(cat "$TMP/body")"
req memB GET "/api/v1/records/item" >/dev/null
grep -q '乙班子问题' "$TMP/body" && ! grep -q '甲班子问题' "$TMP/body" && ok "member of B lists only B's items" || notok "item list" "$(cat "$TMP/body")"
req admin GET "/api/v1/records/person" >/dev/null
grep -q 'password_hash' "$TMP/body" && notok "password hash leaked" || ok "no password hash in person list"
req mem GET "/api/v1/rollup" >/dev/null

# the overdue list: open items past their deadline (today 2026-11-20), only
# of readable teams, by deadline; a city narrows it to its subtree
m ledger add --meeting 1 --source self --problem 甲逾期 --owner 5 --deadline 2026-03-01 >/dev/null
m ledger add --meeting 2 --source self --problem 乙逾期 --owner 7 --deadline 2026-02-01 >/dev/null
m ledger add --meeting 1 --source self --problem 甲明天到期 --owner 5 --deadline 2026-11-21 >/dev/null
done_id=$(m ledger add --meeting 1 --source self --problem 甲已销号 --owner 5 --deadline 2026-01-15 | id_of)
m --as 4 ledger start "$done_id" >/dev/null && m --as 4 ledger finish "$done_id" --note 完成 >/dev/null &&
  m --as 2 ledger close "$done_id" >/dev/null || notok "close an overdue item" "$done_id"
req org GET "/api/v1/overdue" >/dev/null
grep -q '甲逾期' "$TMP/body" && ! grep -q '乙逾期' "$TMP/body" && ! grep -q '甲明天到期' "$TMP/body" &&
  ! grep -q '甲已销号' "$TMP/body" && ok "organizer's overdue list: own org's past-due open items only" ||
  notok "organizer overdue" "$(cat "$TMP/body")"
req admin GET "/api/v1/overdue" >/dev/null
tr -d '\n ' <"$TMP/body" | grep -q '"problem":"乙逾期".*"problem":"甲逾期"' &&
  ok "administrator's overdue list: both teams, earliest deadline first" || notok "admin overdue" "$(cat "$TMP/body")"
req admin GET "/api/v1/overdue?org=4" >/dev/null
grep -q '乙逾期' "$TMP/body" && ! grep -q '甲逾期' "$TMP/body" && ok "overdue list of org 4's subtree" || notok "org filter" "$(cat "$TMP/body")"
req org GET "/api/v1/overdue?org=4" >/dev/null
! grep -q '乙逾期' "$TMP/body" && ok "an organizer asking for another org's subtree gets none of its items" || notok "org filter scope" "$(cat "$TMP/body")"
req admin GET "/api/v1/overdue?limit=1" >/dev/null
tr -d '\n ' <"$TMP/body" | grep -q '"more":true' && grep -q '乙逾期' "$TMP/body" && ! grep -q '甲逾期' "$TMP/body" &&
  ok "overdue list paged: limit 1 says more" || notok "overdue paging" "$(cat "$TMP/body")"
req admin GET "/api/v1/overdue?limit=1&offset=1" >/dev/null
tr -d '\n ' <"$TMP/body" | grep -q '"more":false' && grep -q '甲逾期' "$TMP/body" && ok "overdue list second page" || notok "overdue page 2" "$(cat "$TMP/body")"
expect "overdue: limit not a number -> 400" 400 "$(req admin GET "/api/v1/overdue?limit=abc")"
expect "overdue: limit over 1000 -> 400" 400 "$(req admin GET "/api/v1/overdue?limit=1001")"
expect "overdue: bad org -> 400" 400 "$(req admin GET "/api/v1/overdue?org=-1")"

# a member's history: one's own whole, another's only within readable teams
m ledger add --meeting 2 --source self --problem 孙在乙班子的问题 --owner 5 >/dev/null
req mem GET "/api/v1/persons/5/history" >/dev/null
grep -q '甲班子问题' "$TMP/body" && grep -q '孙在乙班子的问题' "$TMP/body" && grep -q '孙副局长' "$TMP/body" &&
  ok "own history: items of every team" || notok "own history" "$(cat "$TMP/body")"
req org GET "/api/v1/persons/5/history" >/dev/null
grep -q '甲班子问题' "$TMP/body" && ! grep -q '孙在乙班子的问题' "$TMP/body" &&
  ok "organizer sees a member's history only within its teams" || notok "history scope" "$(cat "$TMP/body")"
m talk add --meeting 1 --a 4 --b 5 --date 2026-11-02 >/dev/null
m attendance add --meeting 1 --person 5 --attended 1 >/dev/null
req sec GET "/api/v1/persons/5/history" >/dev/null
tr -d '\n ' <"$TMP/body" | grep -q '"talks":\[{[^]]*"date":"2026-11-02"' && tr -d '\n ' <"$TMP/body" | grep -q '"attendance":\[{[^]]*"attended":1' &&
  ok "history lists talks and attendance" || notok "history talks/attendance" "$(cat "$TMP/body")"
expect "history of a person in no readable team -> 403 (organizer of the other org)" 403 "$(req org GET /api/v1/persons/10/history)"
expect "history of an unknown person -> 404" 404 "$(req admin GET /api/v1/persons/999/history)"
expect "history of person 0 -> 404" 404 "$(req admin GET /api/v1/persons/0/history)"
stop_server
check "audit verify after the matrix" m audit verify
