import Foundation
import Microgrid
import SimKernel
import Testing

/// Sun position, irradiance and PVWatts against published values and identities.
@Suite("Photovoltaics")
struct PhotovoltaicsTests {
  @Test("Julian day: J2000.0 is 2451545.0; Sputnik's launch, 1957 Oct 4.81, is 2436116.31 (Meeus, example 7.a)")
  func julianDay() {
    #expect(SolarPosition.julianDay(year: 2000, month: 1, day: 1, hourUT: 12) == 2_451_545.0)
    #expect(abs(SolarPosition.julianDay(year: 1957, month: 10, day: 4, hourUT: 0.81 * 24) - 2_436_116.31) < 1e-6)
  }

  @Test("NREL SPA example (Reda and Andreas 2004, table A5.1): zenith 50.1116, azimuth 194.3402 degrees")
  func spaReference() {
    // 2003-10-17 12:30:30 at UTC-7, 39.742476 N, 105.1786 W. SPA's zenith includes 0.0157 degrees of
    // refraction at its 820 mbar and 11 C, which this geometric position leaves out.
    let julianDay = SolarPosition.julianDay(year: 2003, month: 10, day: 17, hourUT: 19 + 30.5 / 60)
    let sun = SolarPosition(julianDay: julianDay, latitude: 39.742476, longitude: -105.1786)
    #expect(abs(sun.zenith - (50.11162 + 0.0157)) < 0.01)
    #expect(abs(sun.azimuth - 194.34024) < 0.01)
  }

  @Test("The declination peaks at the obliquity of the ecliptic, 23.44 degrees, in June 2026")
  func solsticeDeclination() {
    let location = SiteLocation(latitude: 32, longitude: 119, utcOffset: 8)
    let declinations = (0..<8_760).map { location.sun(year: 2026, hours: Double($0)).declination }
    let peak = declinations.indices.max { declinations[$0] < declinations[$1] }!
    #expect(abs(declinations[peak] - 23.436) < 0.01)
    #expect((171 * 24..<173 * 24).contains(peak))  // June 20-21 local time.
  }

  @Test("Haurwitz clear sky at the zenith: 1098 exp(-0.059) = 1035.09 W/m2; nothing at night")
  func haurwitz() {
    #expect(abs(Irradiance.haurwitzClearSky(zenith: 0) - 1098 * exp(-0.059)) < 1e-9)
    #expect(Irradiance.haurwitzClearSky(zenith: 95) == 0)
  }

  @Test("Erbs: components close (DNI cos z + DHI = GHI) and a horizontal array sees exactly GHI")
  func closure() {
    let array = PVArray(ratedDC: 10, tilt: 0)
    for (global, zenith) in [(800.0, 30.0), (300, 60), (50, 80), (900, 10)] {
      let split = Irradiance.erbs(global: global, zenith: zenith)
      #expect(abs(split.directNormal * cos(zenith * .pi / 180) + split.diffuse - global) < 1e-9)
      let sun = SolarPosition(julianDay: 2_451_545, latitude: 0, longitude: 0)
      var shifted = sun
      shifted.zenith = zenith
      #expect(abs(array.planeOfArray(split, sun: shifted) - global) < 1e-9)
    }
    // The overcast branch: kt <= 0.22 gives a diffuse fraction of 1 - 0.09 kt.
    let overcast = Irradiance.erbs(global: 100, zenith: 0)
    #expect(abs(overcast.diffuse / 100 - (1 - 0.09 * 100 / 1367)) < 1e-12)
  }

  @Test("PVWatts: rated DC less losses at STC; the inverter hits its nominal efficiency at its DC rating and clips above")
  func pvwatts() {
    let array = PVArray(ratedDC: 35.75, tilt: 25)
    #expect(abs(array.dcPower(planeOfArray: 1000, cellTemperature: 25) - 35.75 * 0.86) < 1e-12)
    #expect(abs(array.dcPower(planeOfArray: 1000, cellTemperature: 35) - 35.75 * 0.86 * (1 - 0.047)) < 1e-12)
    let acRating = 35.75 / 1.2
    #expect(abs(array.acPower(dc: acRating / 0.96) - acRating) < 1e-12)
    #expect(array.acPower(dc: 40) == acRating)
    #expect(array.acPower(dc: 0) == 0)
  }

  @Test("Synthetic weather is reproducible by seed, dark at night and never above 1.1 times clear sky")
  func syntheticWeather() {
    let weather = SyntheticWeather(location: SiteLocation(latitude: 32.0, longitude: 118.8, utcOffset: 8), year: 2026)
    let first = weather.generate(stepHours: 1, steps: 8_760, random: RandomStreams(seed: 7).stream("sky"))
    let again = weather.generate(stepHours: 1, steps: 8_760, random: RandomStreams(seed: 7).stream("sky"))
    #expect(first == again)
    for sample in first {
      #expect(sample.irradiance.global <= 1.1 * Irradiance.haurwitzClearSky(zenith: sample.sun.zenith) + 1e-9)
      if sample.sun.zenith >= 90 { #expect(sample.irradiance.global == 0) }
    }
    let power = PVArray(ratedDC: 35.75, tilt: 25).acPower(first)
    #expect(power.allSatisfy { $0 >= 0 && $0 <= 35.75 / 1.2 })
  }
}
