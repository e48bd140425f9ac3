"""Writes orders.csv: one week of orders for the fuel-cell component plant of park-twin.yaml.

Synthetic, seeded (Python's random with seed 2026), standard library only. 240 orders released
Monday to Friday between 06:00 and 18:00, each a routing of 3 or 4 operations over the 12 machines
(M0-M3 forming, M4-M7 assembly, M8-M11 test and packing, in that order), 30-90 minutes each, due 48 hours
after release. Run from this folder: python3 data/make_orders.py
"""
import random

random.seed(2026)
stages = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
rows = ["job,operation,machine,duration_min,release_h,due_h,weight,family"]
for job in range(240):
    day = job % 5
    release = day * 24 + 6 + random.uniform(0, 12)
    machines = [random.choice(stage) for stage in stages]
    if random.random() < 0.5:  # a second assembly step
        machines.insert(2, random.choice(stages[1]))
    weight = 2 if random.random() < 0.1 else 1  # rush orders
    family = random.randrange(3)
    for operation, machine in enumerate(machines):
        duration = random.randint(30, 90)
        rows.append(f"{job},{operation},{machine},{duration},{release:.2f},{release + 48:.2f},{weight},{family}")
with open("data/orders.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
