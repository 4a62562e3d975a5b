"""Logistics: a freight network of thirteen tables, PascalCase columns and ISO date strings."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A freight network: regions, the depots and warehouses in them, carriers with their drivers "
    "and vehicles, routes from a warehouse to a depot, customers and products, and the shipments "
    "that tie them together with their items, tracking events and invoices. Table names are "
    "snake_case (`shipment_items`, `delivery_events`); columns are PascalCase with an `ID` suffix "
    "for keys (`ShipmentID`, `WarehouseName`, `CarrierID`, `WeightKg`, `Cost`), and every date is "
    "an ISO string (`ShippedOn`, `DeliveredOn`, `IssuedOn` as dates, `EventAt` as date-times). "
    "Carriers and routes are CSV, the rest Parquet. Gaps on purpose: one region has no "
    "warehouse, some warehouses, carriers, drivers, customers and products have no shipments, "
    "undelivered shipments have no `DeliveredOn`, some shipments have no driver, unpaid invoices "
    "have no `PaidOn`, and some carriers have no rating and some customers no email."
)

TABLES: dict[str, str] = {
    "regions": "parquet", "depots": "parquet", "warehouses": "parquet", "carriers": "csv",
    "drivers": "parquet", "vehicles": "parquet", "routes": "csv", "customers": "parquet",
    "products": "parquet", "shipments": "parquet", "shipment_items": "parquet",
    "delivery_events": "parquet", "invoices": "parquet",
}

REGIONS = [("North", "NO"), ("South", "SO"), ("East", "EA"), ("West", "WE"), ("Central", "CE"),
           ("Islands", "IS")]
CARRIER_TYPES = ["Road", "Road", "Road", "Rail", "Air", "Sea"]
CATEGORIES = ["Electronics", "Furniture", "Food", "Apparel", "Chemicals", "Machinery", "Paper"]
STATUSES = ["Delivered", "In Transit", "Delayed", "Returned", "Lost", "Pending"]


def build(rng: random.Random) -> dict[str, Table]:
    regions = [{"RegionID": i, "RegionName": n, "RegionCode": c} for i, (n, c) in enumerate(REGIONS, 1)]
    used_regions = list(range(1, 6))  # Islands (6) has depots but no warehouse

    depots = []
    for i in range(1, 21):
        city, country = rng.choice(gen.PLACES)
        depots.append({"DepotID": i, "DepotName": f"{city} {rng.choice(gen.NOUN)} Depot",
                       "RegionID": rng.randint(1, 6) if i > 6 else i, "City": city, "Country": country,
                       "DockCount": rng.randint(2, 24)})

    warehouses = []
    for i in range(1, 13):
        city, country = rng.choice(gen.PLACES)
        warehouses.append({
            "WarehouseID": i, "WarehouseName": f"{gen.coined(rng, 2)} {rng.choice(['Hub', 'Store', 'Yard', 'Center'])}",
            "RegionID": used_regions[(i - 1) % 5] if i <= 5 else rng.choice(used_regions),
            "City": city, "Country": country, "CapacityPallets": rng.randint(800, 12000) + i,
            "OpenedOn": gen.iso(gen.day(rng, date(2008, 1, 1), date(2021, 12, 31))),
        })
    shipping_warehouses = list(range(1, 11))  # warehouses 11 and 12 ship nothing

    carriers = []
    for i in range(1, 11):
        carriers.append({
            "CarrierID": i, "CarrierName": f"{gen.coined(rng, 2)} {rng.choice(['Freight', 'Logistics', 'Cargo', 'Express'])}",
            "CarrierType": CARRIER_TYPES[(i - 1) % len(CARRIER_TYPES)],
            "Rating": gen.maybe(rng, 0.2, round(rng.uniform(2.0, 5.0), 1)),
            "ContractStart": gen.iso(gen.day(rng, date(2015, 1, 1), date(2021, 12, 31))),
        })
    active_carriers = list(range(1, 10))  # carrier 10 has no routes or shipments

    drivers = []
    for i in range(1, 41):
        first, last = gen.name(rng)
        drivers.append({
            "DriverID": i, "FirstName": first, "LastName": last, "CarrierID": rng.choice(active_carriers),
            "LicenseClass": rng.choice(["B", "C", "C", "CE", "CE", "D"]),
            "HiredOn": gen.iso(gen.day(rng, date(2012, 1, 1), date(2023, 6, 30))),
            "Phone": gen.maybe(rng, 0.15, f"+1-555-{rng.randint(1000, 9999)}"),
        })

    vehicles = []
    for i in range(1, 36):
        kind = rng.choice(["Van", "Truck", "Truck", "Trailer", "Refrigerated"])
        vehicles.append({
            "VehicleID": i, "PlateNumber": f"{rng.choice('ABCDEFGHKLMNPRSTVX')}{rng.choice('ABCDEFGHKLMNPRSTVX')}-{100 + i * 7}",
            "VehicleType": kind, "CapacityKg": {"Van": 1500, "Truck": 12000, "Trailer": 24000, "Refrigerated": 9000}[kind] + rng.randint(0, 90) * 10 + i,
            "DepotID": rng.randint(1, 20), "CarrierID": rng.choice(active_carriers),
            "YearBuilt": rng.randint(2010, 2024),
        })

    routes = []
    for i in range(1, 41):
        routes.append({
            "RouteID": i, "RouteCode": f"R-{i:03d}", "OriginWarehouseID": rng.choice(shipping_warehouses),
            "DestinationDepotID": rng.randint(1, 20), "CarrierID": rng.choice(active_carriers),
            "DistanceKm": round(rng.uniform(40, 2400), 1), "IsActive": rng.random() < 0.85,
        })

    customers = []
    for i in range(1, 91):
        first, last = gen.name(rng)
        city, country = rng.choice(gen.PLACES)
        company = f"{last} {rng.choice(['Retail', 'Industries', 'Foods', 'Systems', 'Partners', 'Goods'])}"
        customers.append({
            "CustomerID": i, "CompanyName": company, "ContactName": f"{first} {last}",
            "Email": gen.maybe(rng, 0.12, gen.email(first, last, i, "corp.example")),
            "City": city, "Country": country,
            "Segment": rng.choices(["Enterprise", "SMB", "Retail", "Government"], [3, 5, 4, 1])[0],
            "CreatedOn": gen.iso(gen.day(rng, date(2019, 1, 1), date(2023, 12, 31))),
        })
    buyers = sorted(rng.sample(range(1, 91), 78))  # 12 customers never ship

    products = []
    for i in range(1, 61):
        products.append({
            "ProductID": i, "ProductName": f"{rng.choice(gen.ADJ)} {rng.choice(gen.NOUN)} {i}",
            "Category": rng.choice(CATEGORIES), "UnitWeightKg": round(rng.uniform(0.2, 80), 2),
            "UnitPrice": gen.money(rng, 3, 900), "IsHazardous": rng.random() < 0.1,
        })
    shipped_products = [p for p in products if p["ProductID"] not in set(rng.sample(range(1, 61), 6))]

    route_by_wh: dict[int, list[dict]] = {}
    for r in routes:
        route_by_wh.setdefault(r["OriginWarehouseID"], []).append(r)
    wh_with_routes = sorted(route_by_wh)
    idle_drivers = set(rng.sample(range(1, 41), 5))
    drivers_by_carrier: dict[int, list[int]] = {}
    for d in drivers:
        if d["DriverID"] not in idle_drivers:
            drivers_by_carrier.setdefault(d["CarrierID"], []).append(d["DriverID"])

    shipments, items, events, invoices = [], [], [], []
    event_id = invoice_id = 0
    for i in range(1, 1501):
        wh = rng.choice(wh_with_routes)
        route = rng.choice(route_by_wh[wh])
        carrier = route["CarrierID"]
        shipped = gen.day(rng, date(2022, 1, 1), date(2024, 12, 31))
        status = rng.choices(STATUSES, [70, 8, 9, 5, 2, 6])[0]
        if shipped > date(2024, 12, 10) and status == "Delivered":
            status = "In Transit"
        transit = rng.randint(1, 9) + (rng.randint(3, 10) if status == "Delayed" else 0)
        delivered = shipped + timedelta(days=transit) if status in ("Delivered", "Returned") else None
        pool = drivers_by_carrier.get(carrier) or [None]
        driver = None if rng.random() < 0.07 else rng.choice(pool)
        lines = rng.sample(shipped_products, rng.randint(1, 4))
        weight = 0.0
        value = 0.0
        for p in lines:
            qty = rng.randint(1, 20)
            weight += qty * p["UnitWeightKg"]
            line_value = round(qty * p["UnitPrice"] * rng.choice([1.0, 1.0, 0.95, 0.9]), 2)
            value += line_value
            items.append({"ShipmentID": 5000 + i, "ProductID": p["ProductID"], "Quantity": qty,
                          "LineValue": line_value})
        cost = round(25 + route["DistanceKm"] * 0.04 + weight * 0.11 + rng.uniform(0, 30), 2)
        shipments.append({
            "ShipmentID": 5000 + i, "CustomerID": rng.choice(buyers), "WarehouseID": wh,
            "RouteID": route["RouteID"], "CarrierID": carrier, "DriverID": driver,
            "VehicleID": rng.randint(1, 35), "ShippedOn": gen.iso(shipped), "DeliveredOn": gen.iso(delivered),
            "Status": status, "Priority": rng.choices(["Standard", "Express", "Economy"], [6, 2, 2])[0],
            "WeightKg": round(weight + rng.uniform(0, 0.99), 2), "Cost": cost,
        })
        stamp = datetime(shipped.year, shipped.month, shipped.day, rng.randint(6, 18), rng.randint(0, 59))
        kinds = ["Picked Up", "Departed Hub"]
        if status in ("Delivered", "Returned", "Delayed", "In Transit"):
            kinds.append("Arrived Depot")
        if status == "Delayed":
            kinds.append("Exception")
        if delivered is not None:
            kinds.append("Delivered")
        if status == "Returned":
            kinds.append("Returned")
        for k, kind in enumerate(kinds):
            event_id += 1
            if kind == "Delivered":
                at = datetime(delivered.year, delivered.month, delivered.day, rng.randint(8, 19), rng.randint(0, 59))
            else:
                at = stamp + timedelta(hours=k * rng.randint(3, 30), minutes=rng.randint(0, 59))
            events.append({"EventID": event_id, "ShipmentID": 5000 + i, "EventType": kind,
                           "EventAt": gen.iso(at.replace(second=0)),
                           "DepotID": route["DestinationDepotID"] if kind in ("Arrived Depot", "Delivered") else None,
                           "Note": gen.maybe(rng, 0.8, rng.choice(["signed", "left at dock", "damaged box", "recount"]))})
        if status not in ("Lost", "Pending") or rng.random() < 0.3:
            invoice_id += 1
            issued = shipped + timedelta(days=rng.randint(0, 5))
            paid = issued + timedelta(days=rng.randint(3, 60)) if rng.random() < 0.82 else None
            invoices.append({
                "InvoiceID": invoice_id, "ShipmentID": 5000 + i, "CustomerID": shipments[-1]["CustomerID"],
                "IssuedOn": gen.iso(issued), "Amount": round(cost * rng.uniform(1.15, 1.6), 2),
                "Currency": rng.choices(["USD", "EUR", "GBP"], [5, 4, 1])[0], "PaidOn": gen.iso(paid),
            })

    return {
        "regions": Table(gen.columns(regions), ("RegionID",)),
        "depots": Table(gen.columns(depots), ("DepotID",), {"RegionID": "regions.RegionID"}),
        "warehouses": Table(gen.columns(warehouses), ("WarehouseID",), {"RegionID": "regions.RegionID"}),
        "carriers": Table(gen.columns(carriers), ("CarrierID",)),
        "drivers": Table(gen.columns(drivers), ("DriverID",), {"CarrierID": "carriers.CarrierID"}),
        "vehicles": Table(gen.columns(vehicles), ("VehicleID",),
                          {"DepotID": "depots.DepotID", "CarrierID": "carriers.CarrierID"}),
        "routes": Table(gen.columns(routes), ("RouteID",),
                        {"OriginWarehouseID": "warehouses.WarehouseID", "DestinationDepotID": "depots.DepotID",
                         "CarrierID": "carriers.CarrierID"}),
        "customers": Table(gen.columns(customers), ("CustomerID",)),
        "products": Table(gen.columns(products), ("ProductID",)),
        "shipments": Table(gen.columns(shipments), ("ShipmentID",),
                           {"CustomerID": "customers.CustomerID", "WarehouseID": "warehouses.WarehouseID",
                            "RouteID": "routes.RouteID", "CarrierID": "carriers.CarrierID",
                            "DriverID": "drivers.DriverID", "VehicleID": "vehicles.VehicleID"}),
        "shipment_items": Table(gen.columns(items), ("ShipmentID", "ProductID"),
                                {"ShipmentID": "shipments.ShipmentID", "ProductID": "products.ProductID"}),
        "delivery_events": Table(gen.columns(events), ("EventID",),
                                 {"ShipmentID": "shipments.ShipmentID", "DepotID": "depots.DepotID"}),
        "invoices": Table(gen.columns(invoices), ("InvoiceID",),
                          {"ShipmentID": "shipments.ShipmentID", "CustomerID": "customers.CustomerID"}),
    }
