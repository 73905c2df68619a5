#!/bin/sh
# Gives one demo account per role a web password, when the account exists and
# has none yet: zhangxukai (系统管理员), wangmin (组织部门), liqiang (班子秘书),
# zhanghua (班子成员), all with the password mingjing2026. Prints the accounts.
# Usage: demo-accounts.sh MINGJING DB
MJ=${1:-./mingjing}
DB=${2:-demo.db}
PW=mingjing2026
echo "演示账号（密码均为 $PW）："
for pair in zhangxukai:系统管理员 wangmin:组织部门工作人员 liqiang:班子秘书 zhanghua:班子成员; do
  login=${pair%%:*}; role=${pair#*:}
  has=$(sqlite3 "$DB" "SELECT CASE WHEN password_hash IS NULL THEN 'none' ELSE 'set' END FROM person WHERE login = '$login'" 2>/dev/null)
  case "$has" in
    none) "$MJ" --db "$DB" user passwd "$login" --password "$PW" >/dev/null && echo "  $login  （$role）";;
    set) echo "  $login  （$role，已有密码）";;
    *) echo "  $login  （演示数据中没有此账号，已跳过）";;
  esac
done
